import type { Transaction } from 'kysely';
import type { UpdateCouponQuotasResponse } from '../../contract/generated/models.ts';
import type { DB } from '../../platform/db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { IdempotencyClaim } from '../../platform/idempotency.ts';
import type { Fen } from '../../platform/money.ts';
import { findAccountById, findCustomer } from '../identity/index.ts';
import { noIndirectPartnerPermission } from '../partners/index.ts';
import { designatedForOthers, invalidParameter, quotaInsufficient, quotaOutsideValidity, quotaUnavailable } from './coupons.errors.ts';
import { insertMovement, insertRecord } from './journal.repo.ts';
import { findQuota, insertQuota, takeFromQuota, type QuotaRow } from './quotas.repo.ts';
import { RECORD } from './record-types.ts';
import { runBatch } from './run-batch.ts';

export const MAX_INDIRECT_PARTNERS_PER_CALL = 100;

/**
 * A tier-1 distributor passes part of one of its voucher quotas to its tier-2 resellers
 * (update_coupon_quotas): each named reseller gets a new quota of quota_amount, with the parent's
 * validity and limits and parent_quota_id naming it, taken from the parent's balance (record type
 * 10). The quota itself must be usable (400 otherwise); each reseller is done in its own
 * transaction and a refused one (not the caller's tier-2, quota short, designated customers that are
 * not the tier-2's) goes to error_details.
 */
export async function transferQuotaToIndirectPartners(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  caller: Caller,
  input: { quotaId: string; indirectPartnerIds: string[]; amount: Fen },
  claim: IdempotencyClaim | null = null,
): Promise<UpdateCouponQuotasResponse> {
  const ids = input.indirectPartnerIds;
  if (ids.length < 1 || ids.length > MAX_INDIRECT_PARTNERS_PER_CALL) throw invalidParameter(`indirect_partner_ids must list 1 to ${MAX_INDIRECT_PARTNERS_PER_CALL} partners`);
  if (ids.some((id) => !id || id.length > 64)) throw invalidParameter('indirect_partner_ids holds 1-64 character ids');
  if (new Set(ids).size !== ids.length) throw invalidParameter('indirect_partner_ids lists a partner twice');
  const at = iso(deps.clock.now());
  const parent = await usableParent(deps, caller, input.quotaId, at);
  const outcomes = await runBatch(
    deps,
    claim,
    at,
    ids,
    (id) => id,
    (trx, tier2) => passOn(trx, deps, caller, parent, tier2, input.amount, at),
    (trx, tier2, error) =>
      insertRecord(trx, {
        ownerId: caller.accountId,
        operationType: RECORD.quotaIssue,
        quotaId: null,
        quotaType: parent.quotaType,
        parentQuotaId: parent.id,
        indirectPartnerId: tier2,
        amount: input.amount,
        result: -1,
        remark: `${error.code}: ${error.message}`.slice(0, 512),
        operatorName: caller.accountName,
        at,
      }),
  );
  return {
    simple_quota_infos: outcomes.flatMap((o) => ('ok' in o ? [{ id: o.id, quota_id: o.ok.quota_id }] : [])),
    error_details: outcomes.flatMap((o) => ('error' in o ? [{ id: o.id, error_code: o.error.code, error_msg: o.error.message }] : [])),
  };
}

async function usableParent(deps: Pick<Deps, 'db'>, caller: Caller, quotaId: string, at: string): Promise<QuotaRow> {
  if (!quotaId || quotaId.length > 64) throw invalidParameter('quota_id must be 1-64 characters');
  const quota = await findQuota(deps.db.kysely, quotaId);
  if (!quota || quota.partnerId !== caller.accountId) throw quotaUnavailable(quotaId);
  if (quota.quotaType !== 0) throw quotaUnavailable(quotaId, 'is a cash-coupon quota: only voucher quotas are passed to tier-2 resellers');
  if (quota.status !== 0) throw quotaUnavailable(quotaId, `has status ${quota.status}: it cannot be passed on`);
  if (at < quota.effectiveTime) throw quotaOutsideValidity(quotaId, 'is not effective yet');
  if (at >= quota.expireTime) throw quotaOutsideValidity(quotaId, 'has expired');
  return quota;
}

async function passOn(
  trx: Transaction<DB>,
  deps: Pick<Deps, 'ids'>,
  caller: Caller,
  parent: QuotaRow,
  tier2Id: string,
  amount: Fen,
  at: string,
): Promise<{ quota_id: string }> {
  const tier2 = await findAccountById(trx, tier2Id);
  if (!tier2 || tier2.kind !== 'partner' || tier2.partner_type !== 'reseller' || tier2.parent_id !== caller.accountId) throw noIndirectPartnerPermission();
  for (const customerId of parent.limits.designatedCustomers) {
    const customer = await findCustomer(trx, customerId);
    if (!customer || customer.partner_id !== tier2.id) throw designatedForOthers(tier2.id);
  }
  const parentAfter = await takeFromQuota(trx, parent.id, amount, at);
  if (parentAfter === null) {
    const current = await findQuota(trx, parent.id);
    if (current?.status !== 0) throw quotaUnavailable(parent.id, `has status ${current?.status}: it cannot be passed on`);
    throw quotaInsufficient(parent.id);
  }
  const id = deps.ids.prefixed('QT');
  await insertQuota(trx, {
    id,
    partnerId: tier2.id,
    quotaType: parent.quotaType,
    parentQuotaId: parent.id,
    grantedBy: caller.accountId,
    quotaValue: amount,
    balance: amount,
    status: 0,
    effectiveTime: parent.effectiveTime,
    expireTime: parent.expireTime,
    limits: parent.limits,
    remark: null,
    createdAt: at,
  });
  await insertMovement(trx, {
    ref: `QT:${id}`,
    kind: 'quota_transfer',
    from: { kind: 'quota', id: parent.id, after: parentAfter },
    to: { kind: 'quota', id, after: amount },
    amount,
    partnerId: tier2.id,
    initiatorId: caller.accountId,
    at,
  });
  await insertRecord(trx, {
    ownerId: caller.accountId,
    operationType: RECORD.quotaIssue,
    quotaId: id,
    quotaType: parent.quotaType,
    parentQuotaId: parent.id,
    indirectPartnerId: tier2.id,
    amount,
    result: 0,
    operatorName: caller.accountName,
    at,
  });
  return { quota_id: id };
}
