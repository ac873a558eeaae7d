import type { Transaction } from 'kysely';
import type { CreatePartnerCouponsResponse } from '../../contract/generated/models.ts';
import type { DB } from '../../platform/db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { IdempotencyClaim } from '../../platform/idempotency.ts';
import { scheduleJob } from '../../platform/jobs/jobs.ts';
import type { Fen } from '../../platform/money.ts';
import { findAccountById, findCustomer } from '../identity/index.ts';
import { resolveActingPartner } from '../partners/index.ts';
import { fenOf } from './coupon-limits.ts';
import {
  frozenCustomer,
  notASubCustomer,
  quotaInsufficient,
  quotaUnavailable,
  referralCustomer,
  tooManyCoupons,
  tooMuchFaceValue,
} from './coupons.errors.ts';
import { insertCoupon, issuedToCustomer } from './coupons.repo.ts';
import { COUPON_EXPIRING_JOB, COUPON_EXPIRING_NOTICE_DAYS, COUPON_EXPIRY_JOB } from './expire-coupon.ts';
import { insertMovement, insertRecord } from './journal.repo.ts';
import { planIssue, type IssuePlan, type IssueRequest } from './plan-issue.ts';
import { findQuota, takeFromQuota } from './quotas.repo.ts';
import { benefitTypeOf, RECORD } from './record-types.ts';
import { runBatch } from './run-batch.ts';
import { formatAmountText } from '../../platform/money.ts';

/**
 * A partner issues coupons from one of its quotas, one to each listed resale customer
 * (create_partner_coupons). What concerns the whole request (the quota, the face value, the limits,
 * the validity) is checked first and refuses the request (400). Then each customer is issued in a
 * transaction of its own: the face value is taken from the quota with a conditional update (which
 * also serialises issuers of one quota, so the per-customer limits are counted consistently), the
 * coupon and its journal movement and record are written, and its expiry is scheduled. A customer
 * refused (not a sub-customer, referral, frozen, quota short, per-customer limits) goes to
 * error_details with its code, and the others are still issued: HTTP 200 either way.
 */
export async function issuePartnerCoupons(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  caller: Caller,
  request: IssueRequest,
  claim: IdempotencyClaim | null = null,
): Promise<CreatePartnerCouponsResponse> {
  const now = deps.clock.now();
  const at = iso(now);
  const partnerId = await resolveActingPartner(deps.db.kysely, caller, request.indirectPartnerId);
  const plan = await planIssue(deps, partnerId, caller, request, at);
  const outcomes = await runBatch(
    deps,
    claim,
    at,
    request.customerIds,
    (customerId) => customerId,
    (trx, customerId) => issueOne(trx, deps, caller, plan, customerId, now),
    (trx, customerId, error) =>
      insertRecord(trx, {
        ownerId: partnerId,
        operationType: RECORD.issue,
        quotaId: plan.quota.id,
        quotaType: plan.quota.quotaType,
        customerId,
        amount: plan.faceValue,
        result: -1,
        remark: `${error.code}: ${error.message}`.slice(0, 512),
        operatorName: caller.accountName,
        at,
      }),
  );
  return {
    coupon_infos: outcomes.flatMap((o) => ('ok' in o ? [{ id: o.id, coupon_id: o.ok.coupon_id }] : [])),
    error_details: outcomes.flatMap((o) => ('error' in o ? [{ id: o.id, error_code: o.error.code, error_msg: o.error.message }] : [])),
  };
}

async function issueOne(
  trx: Transaction<DB>,
  deps: Pick<Deps, 'ids'>,
  caller: Caller,
  plan: IssuePlan,
  customerId: string,
  now: Date,
): Promise<{ coupon_id: string }> {
  const at = iso(now);
  const { quota, faceValue } = plan;
  await checkCustomer(trx, plan.partnerId, customerId);
  const quotaAfter = await takeFromQuota(trx, quota.id, faceValue, at);
  if (quotaAfter === null) {
    const current = await findQuota(trx, quota.id);
    if (current?.status !== 0) throw quotaUnavailable(quota.id, `has status ${current?.status}: it cannot issue coupons`);
    throw quotaInsufficient(quota.id);
  }
  await checkPerCustomer(trx, plan, customerId, faceValue);
  const id = deps.ids.prefixed('CP');
  await insertCoupon(trx, {
    id,
    couponType: plan.couponType,
    quotaId: quota.id,
    quotaType: quota.quotaType,
    partnerId: plan.partnerId,
    issuedBy: caller.accountId,
    customerId,
    faceValue,
    balance: faceValue,
    status: 2,
    validTime: plan.validTime,
    expireTime: plan.expireTime,
    limits: plan.limits,
    memo: plan.memo,
    createdAt: at,
  });
  await insertMovement(trx, {
    ref: `IS:${id}`,
    kind: 'issue',
    from: { kind: 'quota', id: quota.id, after: quotaAfter },
    to: { kind: 'coupon', id, after: faceValue },
    amount: faceValue,
    benefitType: benefitTypeOf(plan.couponType),
    partnerId: plan.partnerId,
    customerId,
    initiatorId: caller.accountId,
    at,
  });
  await insertRecord(trx, {
    ownerId: plan.partnerId,
    operationType: RECORD.issue,
    quotaId: quota.id,
    quotaType: quota.quotaType,
    couponId: id,
    customerId,
    amount: faceValue,
    result: 0,
    remark: plan.memo,
    operatorName: caller.accountName,
    at,
  });
  await scheduleJob(trx, now, { kind: COUPON_EXPIRY_JOB, key: id, runAt: new Date(plan.expireTime), payload: { couponId: id } });
  const notice = new Date(new Date(plan.expireTime).getTime() - COUPON_EXPIRING_NOTICE_DAYS * 86_400_000);
  await scheduleJob(trx, now, { kind: COUPON_EXPIRING_JOB, key: id, runAt: notice > now ? notice : now, payload: { couponId: id } });
  return { coupon_id: id };
}

/** The acting partner's own resale customer, not frozen. A foreign and a missing id answer alike. */
async function checkCustomer(trx: Transaction<DB>, partnerId: string, customerId: string): Promise<void> {
  const customer = await findCustomer(trx, customerId);
  if (!customer || customer.partner_id !== partnerId) throw notASubCustomer(customerId);
  if (customer.association_type !== 2) throw referralCustomer(customerId);
  const account = await findAccountById(trx, customerId);
  if (!account) throw notASubCustomer(customerId);
  if (account.status === 'frozen') throw frozenCustomer(customerId);
}

/** Counted after the quota row is locked, so that concurrent issues to one customer see each other. */
async function checkPerCustomer(trx: Transaction<DB>, plan: IssuePlan, customerId: string, faceValue: Fen): Promise<void> {
  const { maxCouponsPerCustomer } = plan.quota.limits;
  const maxTotal = fenOf(plan.quota.limits.maxFaceValuePerCustomer);
  if (maxCouponsPerCustomer === null && maxTotal === null) return;
  const issued = await issuedToCustomer(trx, plan.quota.id, customerId);
  if (maxCouponsPerCustomer !== null && issued.count >= maxCouponsPerCustomer) throw tooManyCoupons(customerId, maxCouponsPerCustomer);
  if (maxTotal !== null && issued.faceValue + faceValue > maxTotal) throw tooMuchFaceValue(customerId, formatAmountText(maxTotal));
}
