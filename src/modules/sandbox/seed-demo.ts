import type { Deps } from '../../platform/deps.ts';
import { createCustomerAccount } from '../identity/index.ts';
import { createPartnerAccount } from '../partners/index.ts';
import { createUser, setRootPassword, ensureOperatorAccount, issueAccessKey, findAccountById } from '../identity/index.ts';
import { AppError } from '../../platform/errors.ts';
import { operatorClaim, recordTopUp, topUpFingerprint } from '../funds/index.ts';
import { couponOperatorClaim, grantCouponQuota, NO_LIMITS, quotaGrantFingerprint } from '../coupons/index.ts';
import { DEMO_ACTORS, DEMO_PASSWORD, DEMO_PLATFORM, demoActor } from './demo.ts';
import { seedDemoPricing } from './seed-demo-pricing.ts';

/**
 * Seeds the sandbox's demo actors: the operator, a tier-1 distributor with two tier-2 resellers and
 * a partner operator, a solution provider, and resale and referral customers. Idempotent: a second
 * run finds the actors and changes nothing. Refused in production mode.
 */
export async function seedDemo(deps: Deps): Promise<{ created: boolean }> {
  if (deps.mode !== 'sandbox') throw new AppError('PBSS.0403', 'demo data is for sandbox mode only');
  const operator = demoActor('operator');
  if (await findAccountById(deps.db.kysely, operator.accountId)) {
    await seedDemoFunds(deps);
    await seedDemoPricing(deps);
    await seedDemoCoupons(deps);
    return { created: false };
  }

  await ensureOperatorAccount(deps, { id: operator.accountId, name: operator.accountName, isDemo: true });
  const partners = [
    { key: 'distributor', type: 'distributor' as const, display: 'Demo Distributor (总经销商)' },
    { key: 'reseller_one', type: 'reseller' as const, display: 'Demo Reseller One (云经销商)' },
    { key: 'reseller_two', type: 'reseller' as const, display: 'Demo Reseller Two (云经销商)' },
    { key: 'solution_provider', type: 'solution_provider' as const, display: 'Demo Solution Provider (解决方案提供商)' },
  ];
  for (const p of partners) {
    const a = demoActor(p.key);
    await createPartnerAccount(deps, { id: a.accountId, name: a.accountName, displayName: p.display, partnerType: p.type, parentId: a.partnerId ?? null, isDemo: true });
  }
  const customers = [
    { key: 'resale_customer', type: 2 as const },
    { key: 'referral_customer', type: 1 as const },
    { key: 'reseller_customer', type: 2 as const },
    { key: 'provider_customer', type: 2 as const },
  ];
  for (const c of customers) {
    const a = demoActor(c.key);
    await createCustomerAccount(deps, {
      id: a.accountId,
      name: a.accountName,
      partnerId: a.partnerId!,
      associationType: c.type,
      xaccountId: `x-${a.accountName}`,
      xaccountType: DEMO_PLATFORM,
      isDemo: true,
    });
  }
  const ops = demoActor('partner_operator');
  await createUser(deps, { accountId: ops.accountId, name: ops.userName, password: DEMO_PASSWORD, role: 'partner_operator' });
  for (const a of DEMO_ACTORS) {
    if (a.role !== 'partner_operator') await setRootPassword(deps, a.accountId, DEMO_PASSWORD);
    await issueAccessKey(deps, {
      accountId: a.accountId,
      userName: a.userName,
      description: 'demo (well-known) key',
      fixed: { access: a.access, secret: a.secret },
    });
  }
  await seedDemoFunds(deps);
  await seedDemoPricing(deps);
  await seedDemoCoupons(deps);
  return { created: true };
}

/** What the demo's tier-1 distributor and solution provider start with, in fen (1,000,000.00 yuan). */
export const DEMO_TOP_UP_FEN = 100_000_000n;

/**
 * Gives the demo partners money to move: one top-up each, under a fixed idempotency key, so that
 * seeding again (or seeding a database made before funds existed) tops up exactly once.
 */
async function seedDemoFunds(deps: Deps): Promise<void> {
  for (const key of ['distributor', 'solution_provider']) {
    const partner = demoActor(key);
    const input = { partnerId: partner.accountId, amount: DEMO_TOP_UP_FEN, memo: 'demo seed', createdBy: demoActor('operator').accountId };
    await recordTopUp(deps, input, operatorClaim('top_up', `demo-seed-${partner.accountId}`, topUpFingerprint(input)));
  }
}

/** The demo coupon quotas, in fen: a voucher quota of 100,000.00 and a cash-coupon quota of 50,000.00 yuan. */
export const DEMO_VOUCHER_QUOTA_FEN = 10_000_000n;
export const DEMO_CASH_COUPON_QUOTA_FEN = 5_000_000n;

/**
 * Gives the demo distributor and solution provider a voucher quota and a cash-coupon quota each
 * (valid for a year from the first seeding), under fixed idempotency keys: seeding again grants nothing more.
 */
async function seedDemoCoupons(deps: Deps): Promise<void> {
  for (const key of ['distributor', 'solution_provider']) {
    const partner = demoActor(key);
    for (const [quotaType, amount] of [[0, DEMO_VOUCHER_QUOTA_FEN], [1, DEMO_CASH_COUPON_QUOTA_FEN]] as const) {
      const input = { partnerId: partner.accountId, quotaType, amount, limits: NO_LIMITS, remark: 'demo seed', grantedBy: demoActor('operator').accountId };
      await grantCouponQuota(deps, input, couponOperatorClaim('coupon_quota', `demo-seed-${partner.accountId}-${quotaType}`, quotaGrantFingerprint(input)));
    }
  }
}

/** Whether the database holds demo (well-known) data, which a production start refuses. */
export async function hasDemoData(deps: Pick<Deps, 'db'>): Promise<boolean> {
  const row = await deps.db.kysely.selectFrom('accounts').select('id').where('is_demo', '=', 1).limit(1).executeTakeFirst();
  return !!row;
}

export function demoCredentials(endpoint: string) {
  return {
    endpoint,
    password: DEMO_PASSWORD,
    platform_identifier: DEMO_PLATFORM,
    actors: DEMO_ACTORS.map((a) => ({
      key: a.key,
      role: a.role,
      account_id: a.accountId,
      account_name: a.accountName,
      user_name: a.userName,
      access_key: a.access,
      secret_key: a.secret,
      ...(a.partnerId ? { partner_id: a.partnerId } : {}),
    })),
  };
}
