import { cmp, mul, sub, sum, truncate, type Rational } from '../../platform/rational.ts';
import type { DiscountChargeMode } from '../../platform/db/schema.ts';

/**
 * The plan of a quote: official prices and, per applicable discount, the discounted prices, with
 * the best offer marked. Pure: the same plan serves a price inquiry, an order (places = 2), a
 * renewal and a spec change; the wire shapes are projections of it.
 *
 * Each line's exact official price is truncated once to `places`; a discounted price is the exact
 * official price × ratio, truncated once; a discount amount is the difference of the two truncated
 * prices, so that amount = official − discount holds on every line and in every total (a total
 * is the sum of its lines).
 */

/** 605 business (operator → customer), 606 channel business (operator → a partner's customers), 607 partner-set. */
export type DiscountType = 605 | 606 | 607;
export const DISCOUNT_TYPES: readonly DiscountType[] = [605, 606, 607];

export interface DiscountGrant {
  id: string;
  type: DiscountType;
  name: string;
  /** The share of the official price paid, in (0, 1]. */
  ratio: Rational;
  serviceTypeCode: string | null;
  resourceTypeCode: string | null;
  chargeMode: DiscountChargeMode;
  effectiveFrom: string;
  effectiveTo: string | null;
}

export interface PlanLine {
  /** The caller's id for the line (unique in the request). */
  id: string;
  productId: string;
  serviceTypeCode: string;
  resourceTypeCode: string;
  mode: 'period' | 'on_demand';
  /** Exact official price of the line. */
  official: Rational;
}

export interface PlanInput {
  lines: PlanLine[];
  discounts: DiscountGrant[];
  /** Whether partner-set (607) discounts may apply to a service (its incentive policy's allow_discount). */
  partnerDiscountAllowed: (serviceTypeCode: string) => boolean;
  /** ISO instant the discounts must be effective at. */
  at: string;
  /** Decimals kept (truncating): 6 or 10 for price inquiries, 2 for orders. */
  places: number;
}

export interface LineAmount {
  id: string;
  productId: string;
  official: Rational;
  amount: Rational;
  discount: Rational;
  /** Whether the discount of the option applies to this line. */
  applies: boolean;
}

export interface DiscountOption {
  grant: DiscountGrant;
  lines: LineAmount[];
  official: Rational;
  amount: Rational;
  discount: Rational;
  bestOffer: boolean;
}

export interface QuotePlan {
  places: number;
  lines: Array<{ id: string; productId: string; official: Rational }>;
  official: Rational;
  /** One per discount that applies to at least one line, by type (605, 606, 607) then id. */
  options: DiscountOption[];
  best: DiscountOption | null;
}

const typeRank = (t: DiscountType) => DISCOUNT_TYPES.indexOf(t);

export function discountApplies(grant: DiscountGrant, line: PlanLine, input: Pick<PlanInput, 'partnerDiscountAllowed' | 'at'>): boolean {
  if (grant.effectiveFrom > input.at || (grant.effectiveTo !== null && grant.effectiveTo <= input.at)) return false;
  if (grant.chargeMode !== 'all' && grant.chargeMode !== line.mode) return false;
  if (grant.serviceTypeCode !== null && grant.serviceTypeCode !== line.serviceTypeCode) return false;
  if (grant.resourceTypeCode !== null && grant.resourceTypeCode !== line.resourceTypeCode) return false;
  if (grant.type === 607 && !input.partnerDiscountAllowed(line.serviceTypeCode)) return false;
  return true;
}

/** Orders discounts: larger saving first, then business before channel before partner, then id. */
function better(a: { grant: DiscountGrant; discount: Rational }, b: { grant: DiscountGrant; discount: Rational }): boolean {
  const c = cmp(a.discount, b.discount);
  if (c !== 0) return c > 0;
  if (a.grant.type !== b.grant.type) return typeRank(a.grant.type) < typeRank(b.grant.type);
  return a.grant.id < b.grant.id;
}

export function planQuote(input: PlanInput): QuotePlan {
  const lines = input.lines.map((l) => ({ id: l.id, productId: l.productId, official: truncate(l.official, input.places) }));
  const official = sum(lines.map((l) => l.official));
  const grants = [...input.discounts].sort((a, b) => typeRank(a.type) - typeRank(b.type) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const options: DiscountOption[] = [];
  for (const grant of grants) {
    let anyApplies = false;
    const amounts = input.lines.map((l, i): LineAmount => {
      const lineOfficial = lines[i]!.official;
      const applies = discountApplies(grant, l, input);
      anyApplies ||= applies;
      const amount = applies ? truncate(mul(l.official, grant.ratio), input.places) : lineOfficial;
      return { id: l.id, productId: l.productId, official: lineOfficial, amount, discount: sub(lineOfficial, amount), applies };
    });
    if (!anyApplies) continue;
    const amount = sum(amounts.map((a) => a.amount));
    options.push({ grant, lines: amounts, official, amount, discount: sub(official, amount), bestOffer: false });
  }
  let best: DiscountOption | null = null;
  for (const o of options) if (!best || better(o, best)) best = o;
  if (best) best.bestOffer = true;
  return { places: input.places, lines, official, options, best };
}

/**
 * On-demand inquiries answer one price per product: the business discount first (605, then 606),
 * the partner-set one otherwise; within a type, the largest saving (then the smaller id).
 */
export function preferredPerLine(plan: QuotePlan): Map<string, { option: DiscountOption; line: LineAmount } | null> {
  const out = new Map<string, { option: DiscountOption; line: LineAmount } | null>();
  plan.lines.forEach((l, i) => {
    let chosen: { option: DiscountOption; line: LineAmount } | null = null;
    for (const option of plan.options) {
      const line = option.lines[i]!;
      if (!line.applies) continue;
      if (
        !chosen ||
        typeRank(option.grant.type) < typeRank(chosen.option.grant.type) ||
        (option.grant.type === chosen.option.grant.type && better({ grant: option.grant, discount: line.discount }, { grant: chosen.option.grant, discount: chosen.line.discount }))
      ) {
        chosen = { option, line };
      }
    }
    out.set(l.id, chosen);
  });
  return out;
}
