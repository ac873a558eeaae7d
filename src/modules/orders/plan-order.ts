import type { Fen } from '../../platform/money.ts';
import { toExactText, truncateUnits, type Rational } from '../../platform/rational.ts';
import type { DiscountType, QuotePlan } from '../rating/index.ts';
import { invalidParameter } from './orders.errors.ts';

/**
 * From a priced request to the orders it becomes. Pure: the quote plan (places 2) comes from the
 * rating engine; this decides the grouping (a main product with its children is one order; several
 * main products make a combined order with one sub-order each) and carries every discount option
 * into the order, price-locked, with the best offer pre-selected.
 */

export interface OrderLineRequest {
  id: string;
  /** The id of the main product's line this one is bought with (a disk with its server). */
  parentId: string | null;
  serviceTypeCode: string;
  resourceTypeCode: string;
  periodType: number;
  periodNum: number;
  subscriptionNum: number;
}

export interface PlannedLine {
  id: string;
  parentId: string | null;
  productId: string;
  official: Fen;
  /** With the pre-selected (best) discount, or the official price. */
  amount: Fen;
}

export interface PlannedOption {
  discountId: string;
  discountType: DiscountType;
  name: string;
  ratio: string;
  /** Per line id. */
  lines: Map<string, { amount: Fen; applies: boolean }>;
  total: Fen;
}

export interface PlannedGroup {
  /** The main line first, then its children in request order. */
  lines: PlannedLine[];
  official: Fen;
  amount: Fen;
}

export interface OrderPlan {
  combined: boolean;
  groups: PlannedGroup[];
  official: Fen;
  amount: Fen;
  options: PlannedOption[];
  /** The option whose prices are pre-selected (the best offer); null when no discount applies. */
  best: PlannedOption | null;
}

/** A price truncated to 2 decimals, as fen; the plan was made at 2 places, so this is exact. */
export function fenOf(r: Rational): Fen {
  if ((r.n * 100n) % r.d !== 0n) throw new Error(`amount ${r.n}/${r.d} has more than 2 decimals`);
  return truncateUnits(r, 2);
}

/** Checks the main/child structure of a request: one level, children share the main's term, a main with children is bought once. */
export function checkOrderShape(lines: readonly OrderLineRequest[]): void {
  const byId = new Map(lines.map((l) => [l.id, l]));
  for (const l of lines) {
    if (l.periodType !== 2 && l.periodType !== 3) throw invalidParameter(`period_type of ${l.id} must be 2 (month) or 3 (year)`);
    const max = l.periodType === 2 ? 11 : 3;
    if (!Number.isInteger(l.periodNum) || l.periodNum < 1 || l.periodNum > max) throw invalidParameter(`period_num of ${l.id} must be 1..${max}`);
    if (!Number.isInteger(l.subscriptionNum) || l.subscriptionNum < 1 || l.subscriptionNum > 100) throw invalidParameter(`subscription_num of ${l.id} must be 1..100`);
    if (l.parentId === null) continue;
    const main = byId.get(l.parentId);
    if (!main) throw invalidParameter(`${l.id}: main_product_id ${l.parentId} names no product of this request`);
    if (main.parentId !== null) throw invalidParameter(`${l.id}: ${l.parentId} is itself a child product; children attach to a main product`);
    if (main.periodType !== l.periodType || main.periodNum !== l.periodNum) throw invalidParameter(`${l.id}: a child product has its main product's period`);
  }
  for (const l of lines) {
    if (l.parentId === null && l.subscriptionNum !== 1 && lines.some((c) => c.parentId === l.id)) {
      throw invalidParameter(`${l.id}: a main product with child products is bought once (subscription_num 1)`);
    }
  }
}

export function planOrder(lines: readonly OrderLineRequest[], quote: QuotePlan): OrderPlan {
  checkOrderShape(lines);
  const options: PlannedOption[] = quote.options.map((o) => ({
    discountId: o.grant.id,
    discountType: o.grant.type,
    name: o.grant.name,
    ratio: toExactText(o.grant.ratio) ?? '0',
    lines: new Map(o.lines.map((l) => [l.id, { amount: fenOf(l.amount), applies: l.applies }])),
    total: fenOf(o.amount),
  }));
  const best = quote.best ? (options.find((o) => o.discountId === quote.best!.grant.id) ?? null) : null;
  const officialOf = new Map(quote.lines.map((l) => [l.id, fenOf(l.official)]));
  const planned = new Map(
    lines.map((l): [string, PlannedLine] => {
      const official = officialOf.get(l.id)!;
      const productId = quote.lines.find((q) => q.id === l.id)!.productId;
      return [l.id, { id: l.id, parentId: l.parentId, productId, official, amount: best?.lines.get(l.id)?.amount ?? official }];
    }),
  );
  const groups: PlannedGroup[] = lines
    .filter((l) => l.parentId === null)
    .map((main) => {
      const members = [planned.get(main.id)!, ...lines.filter((c) => c.parentId === main.id).map((c) => planned.get(c.id)!)];
      return { lines: members, official: sumOf(members, 'official'), amount: sumOf(members, 'amount') };
    });
  return {
    combined: groups.length > 1,
    groups,
    official: groups.reduce((a, g) => a + g.official, 0n),
    amount: groups.reduce((a, g) => a + g.amount, 0n),
    options,
    best,
  };
}

const sumOf = (lines: readonly PlannedLine[], key: 'official' | 'amount'): Fen => lines.reduce((a, l) => a + l[key], 0n);
