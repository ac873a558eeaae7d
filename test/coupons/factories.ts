/**
 * Factories for the coupon tests: the funds tests' fresh account trees, plus quotas granted through
 * the operator's use case, and small readers of balances.
 */
import assert from 'node:assert/strict';
import type { Deps } from '../../src/platform/deps.ts';
import { toFen } from '../../src/platform/money.ts';
import { grantCouponQuota, NO_LIMITS, type QuotaLimits } from '../../src/modules/coupons/index.ts';
import { expectSdkError, type SdkError } from '../support/sdk.ts';
import type { Actor } from '../funds/factories.ts';

export { createWorld, callerOf, yuan, type Actor, type World } from '../funds/factories.ts';

export interface QuotaOptions {
  type?: 0 | 1;
  fen?: bigint;
  limits?: Partial<QuotaLimits>;
  effectiveTime?: string;
  expireTime?: string;
}

/** A quota granted by the operator's use case; returns its id. */
export async function grantQuota(deps: Deps, partner: Actor | string, o: QuotaOptions = {}): Promise<string> {
  const q = await grantCouponQuota(deps, {
    partnerId: typeof partner === 'string' ? partner : partner.id,
    quotaType: o.type ?? 0,
    amount: o.fen ?? 100_000n,
    effectiveTime: o.effectiveTime ?? null,
    expireTime: o.expireTime ?? null,
    limits: { ...NO_LIMITS, ...o.limits },
    grantedBy: 'test',
  });
  return q.quota_id!;
}

export async function quotaBalance(deps: Deps, quotaId: string): Promise<bigint> {
  const r = await deps.db.kysely.selectFrom('coupon_quotas').select('balance').where('id', '=', quotaId).executeTakeFirstOrThrow();
  return toFen(r.balance);
}

export async function couponOf(deps: Deps, couponId: string) {
  const r = await deps.db.kysely.selectFrom('coupons').selectAll().where('id', '=', couponId).executeTakeFirstOrThrow();
  return { ...r, balance: toFen(r.balance), frozen: toFen(r.frozen), face_value: toFen(r.face_value) };
}

/** The SDK call fails with this status and code; returns the error. */
export async function fails(p: Promise<unknown>, status: number, code: string): Promise<SdkError> {
  const err = await expectSdkError(p);
  assert.equal(err.errorCode, code, `${err.status} ${err.errorCode} ${err.errorMsg}`);
  assert.equal(err.status, status, err.errorMsg);
  return err;
}

/** Instants on the wire, relative to a clock. */
export const wireAt = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
export const plusDays = (d: Date, days: number): Date => new Date(d.getTime() + days * 86400_000);
