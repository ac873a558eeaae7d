import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { toFen, type Fen } from '../../platform/money.ts';
import { readQuotaLimits, type QuotaLimits } from './coupon-limits.ts';

/** SQL for coupon quotas. Balances change only through the conditional updates here. */
export type Conn = Kysely<DB> | Transaction<DB>;

export interface QuotaRow {
  id: string;
  partnerId: string;
  quotaType: 0 | 1;
  parentQuotaId: string | null;
  grantedBy: string;
  quotaValue: Fen;
  balance: Fen;
  /** As stored (expiry is not a stored status: see quotaStatusAt). */
  status: number;
  reclaimedAmount: Fen;
  effectiveTime: string;
  expireTime: string;
  limits: QuotaLimits;
  remark: string | null;
  createdAt: string;
  updatedAt: string;
}

function toRow(r: Selectable<DB['coupon_quotas']>): QuotaRow {
  return {
    id: r.id,
    partnerId: r.partner_id,
    quotaType: r.quota_type === 1 ? 1 : 0,
    parentQuotaId: r.parent_quota_id,
    grantedBy: r.granted_by,
    quotaValue: toFen(r.quota_value),
    balance: toFen(r.balance),
    status: r.status,
    reclaimedAmount: toFen(r.reclaimed_amount),
    effectiveTime: r.effective_time,
    expireTime: r.expire_time,
    limits: readQuotaLimits(r.limits),
    remark: r.remark,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The status the partner API shows at `at`: a normal quota past its expiry is invalid (3). */
export function quotaStatusAt(q: Pick<QuotaRow, 'status' | 'expireTime'>, at: string): number {
  return q.status === 0 && q.expireTime <= at ? 3 : q.status;
}

export async function insertQuota(trx: Transaction<DB>, q: Omit<QuotaRow, 'reclaimedAmount' | 'updatedAt'>): Promise<void> {
  await trx
    .insertInto('coupon_quotas')
    .values({
      id: q.id,
      partner_id: q.partnerId,
      quota_type: q.quotaType,
      parent_quota_id: q.parentQuotaId,
      granted_by: q.grantedBy,
      quota_value: q.quotaValue,
      balance: q.balance,
      status: q.status,
      reclaimed_amount: 0n,
      effective_time: q.effectiveTime,
      expire_time: q.expireTime,
      limits: JSON.stringify(q.limits),
      remark: q.remark,
      created_at: q.createdAt,
      updated_at: q.createdAt,
    })
    .execute();
}

export async function findQuota(db: Conn, id: string): Promise<QuotaRow | null> {
  const r = await db.selectFrom('coupon_quotas').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toRow(r) : null;
}

export interface QuotaFilter {
  partnerIds?: readonly string[];
  ids?: readonly string[];
  quotaType?: number;
  parentQuotaId?: string;
  /** Only quotas passed down from a quota of this partner (a tier-1's issued quotas). */
  parentOwnerId?: string;
  /** Only quotas passed down from a parent (issued to tier-2s), or only top-level ones. */
  issued?: boolean;
  /** Statuses as the API shows them at `at`. */
  statuses?: readonly number[];
  at: string;
  createdAfter?: string;
  createdBefore?: string;
  effectiveAfter?: string;
  effectiveBefore?: string;
  expireAfter?: string;
  expireBefore?: string;
}

function filtered(db: Conn, f: QuotaFilter) {
  let q = db.selectFrom('coupon_quotas');
  if (f.partnerIds) q = q.where('partner_id', 'in', f.partnerIds.length ? [...f.partnerIds] : ['\u0000']);
  if (f.ids) q = q.where('id', 'in', f.ids.length ? [...f.ids] : ['\u0000']);
  if (f.quotaType !== undefined) q = q.where('quota_type', '=', f.quotaType);
  if (f.parentQuotaId !== undefined) q = q.where('parent_quota_id', '=', f.parentQuotaId);
  if (f.issued === true) q = q.where('parent_quota_id', 'is not', null);
  if (f.parentOwnerId !== undefined) {
    const owner = f.parentOwnerId;
    q = q.where('parent_quota_id', 'in', (eb) => eb.selectFrom('coupon_quotas as p').select('p.id').where('p.partner_id', '=', owner));
  }
  if (f.statuses) {
    const shown = sql<number>`case when status = 0 and expire_time <= ${f.at} then 3 else status end`;
    q = q.where(shown, 'in', f.statuses.length ? [...f.statuses] : [-1]);
  }
  if (f.createdAfter) q = q.where('created_at', '>', f.createdAfter);
  if (f.createdBefore) q = q.where('created_at', '<', f.createdBefore);
  if (f.effectiveAfter) q = q.where('effective_time', '>', f.effectiveAfter);
  if (f.effectiveBefore) q = q.where('effective_time', '<', f.effectiveBefore);
  if (f.expireAfter) q = q.where('expire_time', '>', f.expireAfter);
  if (f.expireBefore) q = q.where('expire_time', '<', f.expireBefore);
  return q;
}

export async function countQuotas(db: Conn, f: QuotaFilter): Promise<number> {
  const row = await filtered(db, f).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Newest first. */
export async function listQuotas(db: Conn, f: QuotaFilter, page: { offset: number; limit: number }): Promise<QuotaRow[]> {
  const rows = await filtered(db, f).selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute();
  return rows.map(toRow);
}

/**
 * Takes `amount` from a normal (status 0) quota that holds at least that much; the row stays locked
 * until the transaction ends. Null when refused: the caller re-reads to say why.
 */
export async function takeFromQuota(trx: Transaction<DB>, id: string, amount: Fen, at: string): Promise<Fen | null> {
  const row = await trx
    .updateTable('coupon_quotas')
    .set({ balance: sql`balance - ${amount}`, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 0)
    .where('balance', '>=', amount)
    .returning('balance')
    .executeTakeFirst();
  return row ? toFen(row.balance) : null;
}

/** Puts value back into a quota unless it was reclaimed (6); null then. */
async function addToQuota(trx: Transaction<DB>, id: string, amount: Fen, at: string): Promise<Fen | null> {
  const row = await trx
    .updateTable('coupon_quotas')
    .set({ balance: sql`balance + ${amount}`, updated_at: at })
    .where('id', '=', id)
    .where('status', '<>', 6)
    .returning('balance')
    .executeTakeFirst();
  return row ? toFen(row.balance) : null;
}

/**
 * Returns value to the quota it came from, or to where that quota's returns go (returnTarget).
 * A tier-1 may reclaim the tier-2 quota between the lookup and the update; the lookup is then
 * simply done again.
 */
export async function returnToQuota(trx: Transaction<DB>, quotaId: string, amount: Fen, at: string): Promise<{ quotaId: string; after: Fen }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const target = await returnTarget(trx, quotaId);
    const after = await addToQuota(trx, target.id, amount, at);
    if (after !== null) return { quotaId: target.id, after };
  }
  throw new Error(`coupon quota ${quotaId} cannot take a return`);
}

/** Empties a tier-2 quota and marks it reclaimed (6), once. Returns what it held, or null if already reclaimed. */
export async function emptyReclaimedQuota(trx: Transaction<DB>, id: string, at: string): Promise<Fen | null> {
  const row = await trx
    .updateTable('coupon_quotas')
    .set({ reclaimed_amount: sql`balance`, balance: 0n, status: 6, updated_at: at })
    .where('id', '=', id)
    .where('status', '<>', 6)
    .where('parent_quota_id', 'is not', null)
    .returning('reclaimed_amount')
    .executeTakeFirst();
  return row ? toFen(row.reclaimed_amount) : null;
}

/**
 * Where value coming back to a quota goes: the quota itself, or, for a reclaimed tier-2 quota, the
 * nearest ancestor that was not reclaimed (the tier-1 took the quota back, so it takes the returns).
 */
export async function returnTarget(trx: Transaction<DB>, quotaId: string): Promise<QuotaRow> {
  let quota = await findQuota(trx, quotaId);
  while (quota && quota.status === 6 && quota.parentQuotaId) quota = await findQuota(trx, quota.parentQuotaId);
  if (!quota || quota.status === 6) throw new Error(`no quota can take returns for ${quotaId}`);
  return quota;
}

export async function setQuotaStatus(trx: Transaction<DB>, id: string, status: number, at: string): Promise<boolean> {
  const r = await trx.updateTable('coupon_quotas').set({ status, updated_at: at }).where('id', '=', id).where('status', '<>', 6).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
