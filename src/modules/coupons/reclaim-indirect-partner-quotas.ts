import type { Transaction } from 'kysely';
import type { ReclaimCouponQuotasResponse } from '../../contract/generated/models.ts';
import type { DB } from '../../platform/db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { IdempotencyClaim } from '../../platform/idempotency.ts';
import { formatAmount } from '../../platform/money.ts';
import { invalidParameter, quotaUnavailable } from './coupons.errors.ts';
import { insertMovement, insertRecord } from './journal.repo.ts';
import { emptyReclaimedQuota, findQuota, returnToQuota } from './quotas.repo.ts';
import { RECORD } from './record-types.ts';
import { runBatch } from './run-batch.ts';

export const MAX_QUOTAS_PER_RECLAIM = 100;

/**
 * A tier-1 distributor takes back quotas it passed to its tier-2 resellers (reclaim_coupon_quotas):
 * each quota's whole remaining balance returns to the parent quota and the tier-2 quota becomes
 * reclaimed (6), once (record type 11). Coupons already issued from it stay with their customers;
 * when they come back (reclaimed, expired) their value goes to the parent. A quota that is not one
 * the caller passed down, or was reclaimed already, goes to error_details (CBC.99000012).
 */
export async function reclaimIndirectPartnerQuotas(
  deps: Pick<Deps, 'db' | 'clock'>,
  caller: Caller,
  input: { quotaIds: string[]; remark?: string | null },
  claim: IdempotencyClaim | null = null,
): Promise<ReclaimCouponQuotasResponse> {
  const ids = input.quotaIds;
  if (ids.length < 1 || ids.length > MAX_QUOTAS_PER_RECLAIM) throw invalidParameter(`quota_ids must list 1 to ${MAX_QUOTAS_PER_RECLAIM} quotas`);
  if (ids.some((id) => !id || id.length > 64)) throw invalidParameter('quota_ids holds 1-64 character ids');
  if (new Set(ids).size !== ids.length) throw invalidParameter('quota_ids lists a quota twice');
  if (input.remark && input.remark.length > 255) throw invalidParameter('remark is at most 255 characters');
  const at = iso(deps.clock.now());
  const outcomes = await runBatch(deps, claim, at, ids, (id) => id, (trx, id) => reclaimOne(trx, caller, id, input.remark ?? null, at));
  return {
    simple_quota_infos: outcomes.flatMap((o) => ('ok' in o ? [{ quota_id: o.id, quota_balance: formatAmount(0n) }] : [])),
    error_details: outcomes.flatMap((o) => ('error' in o ? [{ id: o.id, error_code: o.error.code, error_msg: o.error.message }] : [])),
  };
}

async function reclaimOne(trx: Transaction<DB>, caller: Caller, quotaId: string, remark: string | null, at: string): Promise<{ amount: string }> {
  const quota = await findQuota(trx, quotaId);
  const parent = quota?.parentQuotaId ? await findQuota(trx, quota.parentQuotaId) : null;
  if (!quota || !parent || parent.partnerId !== caller.accountId) throw quotaUnavailable(quotaId);
  const amount = await emptyReclaimedQuota(trx, quota.id, at);
  if (amount === null) throw quotaUnavailable(quotaId, 'was reclaimed already');
  if (amount > 0n) {
    const target = await returnToQuota(trx, parent.id, amount, at);
    await insertMovement(trx, {
      ref: `QR:${quota.id}`,
      kind: 'quota_reclaim',
      from: { kind: 'quota', id: quota.id, after: 0n },
      to: { kind: 'quota', id: target.quotaId, after: target.after },
      amount,
      partnerId: quota.partnerId,
      initiatorId: caller.accountId,
      at,
    });
  }
  await insertRecord(trx, {
    ownerId: caller.accountId,
    operationType: RECORD.quotaReclaim,
    quotaId: quota.id,
    quotaType: quota.quotaType,
    parentQuotaId: parent.id,
    indirectPartnerId: quota.partnerId,
    amount,
    result: 0,
    remark,
    operatorName: caller.accountName,
    at,
  });
  return { amount: amount.toString() };
}
