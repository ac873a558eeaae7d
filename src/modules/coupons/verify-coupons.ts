import { sql } from 'kysely';
import { formatAmountText, toFen, type Fen } from '../../platform/money.ts';
import { journalFlows, sumBalances } from './journal.repo.ts';
import type { Conn } from './quotas.repo.ts';

export interface CouponsReport {
  ok: boolean;
  quotas: number;
  coupons: number;
  cards: number;
  movements: number;
  /** Yuan text: what entered quotas, and where it is now. */
  granted: string;
  quota_balances: string;
  coupon_balances: string;
  spent: string;
  problems: string[];
  problemCount: number;
}

const MAX_PROBLEMS = 100;

/**
 * Reconciles coupon value from the journal, as verifyLedger does for funds: every quota, coupon and
 * card holds exactly what its movements put in minus what they took out; what a coupon or card
 * holds for an order equals its open hold; and, in total, what was granted to quotas equals the
 * quotas' balances plus the coupons' balances plus what coupons paid for orders (net of refunds).
 * Likewise for stored-value cards. Reads only.
 */
export async function verifyCoupons(db: Conn): Promise<CouponsReport> {
  const problems: string[] = [];
  let problemCount = 0;
  const problem = (msg: string) => {
    problemCount++;
    if (problems.length < MAX_PROBLEMS) problems.push(msg);
  };
  const { into, outOf } = await journalFlows(db);
  const net = (kind: string, id: string) => (into.get(`${kind}:${id}`) ?? 0n) - (outOf.get(`${kind}:${id}`) ?? 0n);

  const quotas = await db.selectFrom('coupon_quotas').select(['id', 'balance', 'quota_value']).execute();
  for (const q of quotas) {
    const balance = toFen(q.balance);
    if (balance !== net('quota', q.id)) problem(`quota ${q.id}: balance ${balance} but its movements sum to ${net('quota', q.id)}`);
    if (balance < 0n || balance > toFen(q.quota_value)) problem(`quota ${q.id}: balance ${balance} outside 0..${toFen(q.quota_value)}`);
  }
  const holds = await db
    .selectFrom('coupon_holds')
    .select(['benefit_id', 'order_id', sql<string | number>`sum(amount)`.as('held')])
    .where('status', '=', 'held')
    .groupBy(['benefit_id', 'order_id'])
    .execute();
  const held = new Map(holds.map((h) => [h.benefit_id, { orderId: h.order_id, amount: toFen(h.held) }]));
  const checkBenefit = (kind: 'coupon' | 'card', b: { id: string; balance: number | string | bigint; frozen: number | string | bigint; lock_order_id: string | null }) => {
    const balance = toFen(b.balance);
    if (balance !== net(kind, b.id)) problem(`${kind} ${b.id}: balance ${balance} but its movements sum to ${net(kind, b.id)}`);
    const hold = held.get(b.id);
    if ((hold?.amount ?? 0n) !== toFen(b.frozen) || (hold?.orderId ?? null) !== b.lock_order_id) {
      problem(`${kind} ${b.id}: frozen ${toFen(b.frozen)} for ${b.lock_order_id} but its open hold is ${hold?.amount ?? 0n} for ${hold?.orderId ?? null}`);
    }
  };
  const coupons = await db.selectFrom('coupons').select(['id', 'balance', 'frozen', 'lock_order_id']).execute();
  for (const c of coupons) checkBenefit('coupon', c);
  const cards = await db.selectFrom('stored_value_cards').select(['id', 'balance', 'frozen', 'lock_order_id']).execute();
  for (const c of cards) checkBenefit('card', c);

  const totals = await db
    .selectFrom('coupon_journal')
    .select(['kind', 'from_kind', 'to_kind', sql<string | number>`sum(amount)`.as('total'), sql<string | number>`count(*)`.as('n')])
    .groupBy(['kind', 'from_kind', 'to_kind'])
    .execute();
  const sum = (pred: (t: (typeof totals)[number]) => boolean): Fen => totals.filter(pred).reduce((s, t) => s + toFen(t.total), 0n);
  const granted = sum((t) => t.from_kind === 'grant' && t.to_kind === 'quota');
  const couponSpent = sum((t) => t.from_kind === 'coupon' && t.to_kind === 'spent') - sum((t) => t.from_kind === 'spent' && (t.to_kind === 'coupon' || t.to_kind === 'quota'));
  const cardsGranted = sum((t) => t.from_kind === 'grant' && t.to_kind === 'card');
  const cardSpent = sum((t) => t.from_kind === 'card' && t.to_kind === 'spent') - sum((t) => t.from_kind === 'spent' && t.to_kind === 'card');
  const balances = await sumBalances(db);
  if (granted !== balances.quotas + balances.coupons + couponSpent) {
    problem(`granted ${granted} ≠ quotas ${balances.quotas} + coupons ${balances.coupons} + spent ${couponSpent}`);
  }
  if (cardsGranted !== balances.cards + cardSpent) problem(`cards granted ${cardsGranted} ≠ card balances ${balances.cards} + spent ${cardSpent}`);
  if (couponSpent < 0n || cardSpent < 0n) problem(`more refunded than spent: coupons ${couponSpent}, cards ${cardSpent}`);

  return {
    ok: problemCount === 0,
    quotas: quotas.length,
    coupons: coupons.length,
    cards: cards.length,
    movements: totals.reduce((s, t) => s + Number(t.n), 0),
    granted: formatAmountText(granted),
    quota_balances: formatAmountText(balances.quotas),
    coupon_balances: formatAmountText(balances.coupons),
    spent: formatAmountText(couponSpent),
    problems,
    problemCount,
  };
}
