import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { runIdempotent, type IdempotencyClaim } from '../../platform/idempotency.ts';
import { formatAmountText, type Fen } from '../../platform/money.ts';
import { findAccountById, findCustomer, type Conn } from '../identity/index.ts';
import { addDays } from './coupon-dates.ts';
import type { QuotaLimits } from './coupon-limits.ts';
import { operatorInvalid, operatorNotFound } from './coupons.errors.ts';
import { unknownProductIds, unknownServiceTypes } from './catalog-refs.ts';
import { insertMovement } from './journal.repo.ts';
import { operatorQuota, type OperatorQuotaView } from './quota-views.ts';
import { findQuota, insertQuota } from './quotas.repo.ts';

export interface QuotaGrantInput {
  partnerId: string;
  /** 0 voucher quota, 1 cash-coupon quota. */
  quotaType: 0 | 1;
  amount: Fen;
  /** ISO instants; default: now, and one year after the start. */
  effectiveTime?: string | null;
  expireTime?: string | null;
  limits: QuotaLimits;
  remark?: string | null;
  grantedBy: string;
}

/** What identifies a grant request for idempotency (bigints as text; absent times stay absent). */
export const quotaGrantFingerprint = (i: QuotaGrantInput) => ({
  partner_id: i.partnerId,
  quota_type: i.quotaType,
  amount: formatAmountText(i.amount),
  effective_time: i.effectiveTime ?? null,
  expire_time: i.expireTime ?? null,
  limits: i.limits,
  remark: i.remark ?? null,
});

const DEFAULT_VALIDITY_DAYS = 365;

/**
 * The operator grants a partner (a solution provider or a tier-1 distributor; tier-2 resellers get
 * theirs from their tier-1) a voucher or cash-coupon quota. The amount enters the coupon journal
 * from outside ('grant'), so every fen of every quota traces back to a grant.
 */
export async function grantCouponQuota(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  input: QuotaGrantInput,
  claim: IdempotencyClaim | null = null,
): Promise<OperatorQuotaView> {
  const now = deps.clock.now();
  const at = iso(now);
  const effectiveTime = input.effectiveTime ?? at;
  const expireTime = input.expireTime ?? addDays(new Date(effectiveTime), DEFAULT_VALIDITY_DAYS);
  if (expireTime <= effectiveTime) throw operatorInvalid('expire_time must be after effective_time');
  if (expireTime <= at) throw operatorInvalid('expire_time must be in the future');
  await checkLimits(deps, input);
  return runIdempotent(deps.db, claim, at, async (trx) => {
    const partner = await findAccountById(trx, input.partnerId);
    if (!partner || partner.kind !== 'partner') throw operatorNotFound(`partner ${input.partnerId} does not exist`);
    if (partner.partner_type === 'reseller') {
      throw operatorInvalid('tier-2 resellers receive coupon quotas from their tier-1 distributor (update_coupon_quotas), not from the operator');
    }
    await checkDesignated(trx, partner.id, input.limits.designatedCustomers);
    const id = deps.ids.prefixed('QT');
    await insertQuota(trx, {
      id,
      partnerId: partner.id,
      quotaType: input.quotaType,
      parentQuotaId: null,
      grantedBy: input.grantedBy,
      quotaValue: input.amount,
      balance: input.amount,
      status: 0,
      effectiveTime,
      expireTime,
      limits: input.limits,
      remark: input.remark ?? null,
      createdAt: at,
    });
    await insertMovement(trx, {
      ref: `GR:${id}`,
      kind: 'grant',
      from: { kind: 'grant', id: null, after: null },
      to: { kind: 'quota', id, after: input.amount },
      amount: input.amount,
      partnerId: partner.id,
      initiatorId: input.grantedBy,
      at,
    });
    return operatorQuota((await findQuota(trx, id))!, at);
  });
}

async function checkLimits(deps: Pick<Deps, 'db'>, input: QuotaGrantInput): Promise<void> {
  const l = input.limits;
  const services = await unknownServiceTypes(deps, l.serviceTypes);
  if (services.length) throw operatorInvalid(`unknown cloud service types: ${services.join(', ')}`);
  const products = await unknownProductIds(deps, [...l.productWhiteList, ...l.productBlackList]);
  if (products.length) throw operatorInvalid(`unknown products: ${products.join(', ')}`);
  const both = l.productWhiteList.filter((p) => l.productBlackList.includes(p));
  if (both.length) throw operatorInvalid(`products on both the white and the black list: ${both.join(', ')}`);
  const min = l.minFaceValue === null ? null : BigInt(l.minFaceValue);
  const max = l.maxFaceValue === null ? null : BigInt(l.maxFaceValue);
  if (min !== null && max !== null && min > max) throw operatorInvalid('min_face_value must not exceed max_face_value');
}

/** Designated customers must be the partner's, or one of its tier-2 resellers'. */
async function checkDesignated(db: Conn, partnerId: string, customerIds: readonly string[]): Promise<void> {
  for (const id of customerIds) {
    const customer = await findCustomer(db, id);
    const owner = customer ? await findAccountById(db, customer.partner_id) : undefined;
    if (!customer || !owner || (owner.id !== partnerId && owner.parent_id !== partnerId)) {
      throw operatorInvalid(`designated customer ${id} is not a customer of the partner or of its tier-2 resellers`);
    }
  }
}
