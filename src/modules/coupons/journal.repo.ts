import { sql, type Transaction } from 'kysely';
import type { CouponHolderKind, DB } from '../../platform/db/schema.ts';
import { toFen, type Fen } from '../../platform/money.ts';
import type { Conn } from './quotas.repo.ts';

/**
 * SQL for the coupon journal (every movement of value, append-only) and the operation records the
 * partner API lists (append-only too).
 */
export type BenefitType = 'voucher' | 'cash_coupon' | 'card';

export interface Movement {
  /** Natural key of the movement; a second movement with the same ref is refused by the database. */
  ref: string;
  kind: MovementKind;
  from: { kind: CouponHolderKind; id: string | null; after: Fen | null };
  to: { kind: Exclude<CouponHolderKind, 'grant'>; id: string | null; after: Fen | null };
  amount: Fen;
  benefitType?: BenefitType | null;
  partnerId?: string | null;
  customerId?: string | null;
  orderId?: string | null;
  initiatorId: string;
  at: string;
}

export type MovementKind =
  | 'grant'
  | 'quota_transfer'
  | 'quota_reclaim'
  | 'issue'
  | 'reclaim'
  | 'auto_reclaim'
  | 'expire'
  | 'consume'
  | 'refund'
  | 'refund_to_quota'
  | 'card_grant';

export async function insertMovement(trx: Transaction<DB>, m: Movement): Promise<void> {
  await trx
    .insertInto('coupon_journal')
    .values({
      ref: m.ref,
      kind: m.kind,
      from_kind: m.from.kind,
      from_id: m.from.id,
      to_kind: m.to.kind,
      to_id: m.to.id,
      amount: m.amount,
      from_after: m.from.after,
      to_after: m.to.after,
      benefit_type: m.benefitType ?? null,
      partner_id: m.partnerId ?? null,
      customer_id: m.customerId ?? null,
      order_id: m.orderId ?? null,
      initiator_id: m.initiatorId,
      created_at: m.at,
    })
    .execute();
}

export interface CustomerMovementFilter {
  customerId: string;
  benefitType: BenefitType;
  kinds?: readonly MovementKind[];
  /** REVENUE: into the customer's coupon or card; EXPENSE: out of it. */
  direction?: 'in' | 'out';
  tradeId?: string;
  couponId?: string;
  from: string;
  to: string;
}

function customerMovements(db: Conn, f: CustomerMovementFilter) {
  const holder = f.benefitType === 'card' ? 'card' : 'coupon';
  let q = db
    .selectFrom('coupon_journal')
    .where('customer_id', '=', f.customerId)
    .where('benefit_type', '=', f.benefitType)
    .where('created_at', '>=', f.from)
    .where('created_at', '<', f.to)
    .where((eb) => eb.or([eb('from_kind', '=', holder), eb('to_kind', '=', holder)]));
  if (f.kinds) q = q.where('kind', 'in', f.kinds.length ? [...f.kinds] : ['\u0000']);
  if (f.direction === 'in') q = q.where('to_kind', '=', holder);
  if (f.direction === 'out') q = q.where('from_kind', '=', holder);
  if (f.tradeId) {
    const tradeId = f.tradeId;
    q = q.where((eb) => eb.or([eb('order_id', '=', tradeId), eb.and([eb('order_id', 'is', null), eb.or([eb('from_id', '=', tradeId), eb('to_id', '=', tradeId)])])]));
  }
  if (f.couponId) {
    const couponId = f.couponId;
    q = q.where((eb) => eb.or([eb.and([eb('from_kind', '=', holder), eb('from_id', '=', couponId)]), eb.and([eb('to_kind', '=', holder), eb('to_id', '=', couponId)])]));
  }
  return q;
}

export async function countCustomerMovements(db: Conn, f: CustomerMovementFilter): Promise<number> {
  return Number((await customerMovements(db, f).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()).n);
}

/** Newest first. */
export async function listCustomerMovements(db: Conn, f: CustomerMovementFilter, page: { offset: number; limit: number }) {
  const rows = await customerMovements(db, f)
    .select(['id', 'kind', 'from_kind', 'from_id', 'to_kind', 'to_id', 'amount', 'from_after', 'to_after', 'order_id', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return rows.map((r) => ({
    ...r,
    kind: r.kind as MovementKind,
    amount: toFen(r.amount),
    from_after: r.from_after === null ? null : toFen(r.from_after),
    to_after: r.to_after === null ? null : toFen(r.to_after),
  }));
}

/** Σ amounts by (from_kind, from_id) and by (to_kind, to_id): what every holder received and gave. */
export async function journalFlows(db: Conn): Promise<{ into: Map<string, Fen>; outOf: Map<string, Fen> }> {
  const into = await db.selectFrom('coupon_journal').select((eb) => ['to_kind', 'to_id', eb.fn.sum<string | number>('amount').as('total')]).groupBy(['to_kind', 'to_id']).execute();
  const outOf = await db.selectFrom('coupon_journal').select((eb) => ['from_kind', 'from_id', eb.fn.sum<string | number>('amount').as('total')]).groupBy(['from_kind', 'from_id']).execute();
  return {
    into: new Map(into.map((r) => [`${r.to_kind}:${r.to_id ?? ''}`, toFen(r.total)])),
    outOf: new Map(outOf.map((r) => [`${r.from_kind}:${r.from_id ?? ''}`, toFen(r.total)])),
  };
}

export interface RecordInput {
  ownerId: string;
  operationType: number;
  quotaId: string | null;
  quotaType: number | null;
  parentQuotaId?: string | null;
  couponId?: string | null;
  customerId?: string | null;
  indirectPartnerId?: string | null;
  amount: Fen;
  result: 0 | -1;
  remark?: string | null;
  operatorName?: string | null;
  at: string;
}

export async function insertRecord(trx: Transaction<DB>, r: RecordInput): Promise<void> {
  await trx
    .insertInto('coupon_records')
    .values({
      owner_id: r.ownerId,
      operation_type: r.operationType,
      quota_id: r.quotaId,
      quota_type: r.quotaType,
      parent_quota_id: r.parentQuotaId ?? null,
      coupon_id: r.couponId ?? null,
      customer_id: r.customerId ?? null,
      indirect_partner_id: r.indirectPartnerId ?? null,
      amount: r.amount,
      result: r.result,
      remark: r.remark ?? null,
      operator_name: r.operatorName ?? null,
      created_at: r.at,
    })
    .execute();
}

export interface RecordFilter {
  ownerId: string;
  operationTypes: readonly number[];
  quotaId?: string;
  quotaType?: number;
  parentQuotaId?: string;
  couponIds?: readonly string[];
  customerId?: string;
  indirectPartnerId?: string;
  result?: 0 | -1;
  after?: string;
  before?: string;
}

function recordsQuery(db: Conn, f: RecordFilter) {
  let q = db.selectFrom('coupon_records').where('owner_id', '=', f.ownerId).where('operation_type', 'in', f.operationTypes.length ? [...f.operationTypes] : [-1]);
  if (f.quotaId !== undefined) q = q.where('quota_id', '=', f.quotaId);
  if (f.quotaType !== undefined) q = q.where('quota_type', '=', f.quotaType);
  if (f.parentQuotaId !== undefined) q = q.where('parent_quota_id', '=', f.parentQuotaId);
  if (f.couponIds) q = q.where('coupon_id', 'in', f.couponIds.length ? [...f.couponIds] : ['\u0000']);
  if (f.customerId !== undefined) q = q.where('customer_id', '=', f.customerId);
  if (f.indirectPartnerId !== undefined) q = q.where('indirect_partner_id', '=', f.indirectPartnerId);
  if (f.result !== undefined) q = q.where('result', '=', f.result);
  if (f.after) q = q.where('created_at', '>', f.after);
  if (f.before) q = q.where('created_at', '<', f.before);
  return q;
}

export async function countRecords(db: Conn, f: RecordFilter): Promise<number> {
  return Number((await recordsQuery(db, f).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()).n);
}

/** Newest first. */
export async function listRecords(db: Conn, f: RecordFilter, page: { offset: number; limit: number }) {
  const rows = await recordsQuery(db, f).selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), amount: toFen(r.amount) }));
}

/** Σ of balances, for the reconciliation: quotas, coupons, cards. */
export async function sumBalances(db: Conn): Promise<{ quotas: Fen; coupons: Fen; cards: Fen }> {
  const one = async (table: 'coupon_quotas' | 'coupons' | 'stored_value_cards') =>
    toFen((await db.selectFrom(table).select(sql<string | number>`coalesce(sum(balance), 0)`.as('total')).executeTakeFirstOrThrow()).total);
  return { quotas: await one('coupon_quotas'), coupons: await one('coupons'), cards: await one('stored_value_cards') };
}
