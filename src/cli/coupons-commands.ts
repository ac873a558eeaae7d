import type { Command } from 'commander';
import type { Deps } from '../platform/deps.ts';
import { parseAmountText } from '../platform/money.ts';
import { parseHuaweiUtc } from '../platform/time-format.ts';
import { withConfigFlags } from './config-flags.ts';
import {
  cardGrantFingerprint,
  couponOperatorClaim,
  grantCouponQuota,
  grantStoredValueCard,
  listCustomerCards,
  listPartnerQuotas,
  NO_LIMITS,
  parseDeductionRatio,
  quotaGrantFingerprint,
  setCouponQuotaStatus,
  SUBSCRIBE_TYPES,
  verifyCoupons,
  type QuotaLimits,
  type SubscribeType,
} from '../modules/coupons/index.ts';

type Opts = Record<string, unknown>;
type WithDeps = (opts: Opts, fn: (deps: Deps) => Promise<unknown>) => Promise<void>;

const optional = (v: unknown): string | null => (v === undefined ? null : String(v));
const list = (v: unknown): string[] => (v === undefined ? [] : String(v).split(',').map((s) => s.trim()).filter(Boolean));
const fen = (v: unknown, flag: string): string | null => (v === undefined ? null : parseAmountText(String(v), flag).toString());
const instant = (v: unknown, flag: string): string | null => {
  if (v === undefined) return null;
  const d = parseHuaweiUtc(String(v));
  if (!d) throw new Error(`${flag} must be a UTC time yyyy-MM-ddTHH:mm:ssZ`);
  return d.toISOString();
};

function limitsFrom(opts: Opts): QuotaLimits {
  const subscribeTypes = list(opts.subscribeTypes);
  const bad = subscribeTypes.filter((s) => !(SUBSCRIBE_TYPES as readonly string[]).includes(s));
  if (bad.length) throw new Error(`--subscribe-types takes ${SUBSCRIBE_TYPES.join(', ')}`);
  const ratio = opts.maxDeductionRatio === undefined ? null : parseDeductionRatio(String(opts.maxDeductionRatio));
  if (opts.maxDeductionRatio !== undefined && ratio === null) throw new Error('--max-deduction-ratio must be in (0, 1]');
  return {
    ...NO_LIMITS,
    serviceTypes: list(opts.serviceTypes),
    productWhiteList: list(opts.productWhiteList),
    productBlackList: list(opts.productBlackList),
    subscribeTypes: subscribeTypes as SubscribeType[],
    maxDeductionRatio: ratio,
    minFaceValue: fen(opts.minFaceValue, '--min-face-value'),
    maxFaceValue: fen(opts.maxFaceValue, '--max-face-value'),
    maxCouponsPerCustomer: opts.maxCouponsPerCustomer === undefined ? null : Number(opts.maxCouponsPerCustomer),
    maxFaceValuePerCustomer: fen(opts.maxFaceValuePerCustomer, '--max-face-value-per-customer'),
    designatedCustomers: list(opts.designatedCustomers),
  };
}

/** Coupon commands: quotas granted to partners and their status, stored-value cards (sandbox), reconciliation. */
export function registerCouponsCommands(program: Command, withDeps: WithDeps): void {
  const coupons = program.command('coupons').description('coupon quotas, stored-value cards and the coupon journal');
  withConfigFlags(coupons.command('grant-quota').description('grant a partner (solution provider or tier-1) a voucher or cash-coupon quota'))
    .requiredOption('--partner-id <id>')
    .requiredOption('--type <type>', 'voucher | cash')
    .requiredOption('--amount <yuan>', 'e.g. 10000.00 (at most 2 decimals)')
    .option('--effective-time <utc>', 'yyyy-MM-ddTHH:mm:ssZ (default now)')
    .option('--expire-time <utc>', 'yyyy-MM-ddTHH:mm:ssZ (default a year after the start)')
    .option('--service-types <codes>', 'comma-separated cloud service type codes (serviceTypeWhiteList)')
    .option('--product-white-list <ids>')
    .option('--product-black-list <ids>')
    .option('--subscribe-types <types>', 'new,renew,change')
    .option('--max-deduction-ratio <ratio>', 'in (0, 1], e.g. 0.5')
    .option('--min-face-value <yuan>')
    .option('--max-face-value <yuan>')
    .option('--max-coupons-per-customer <n>')
    .option('--max-face-value-per-customer <yuan>')
    .option('--designated-customers <ids>')
    .option('--remark <text>')
    .option('--idempotency-key <key>', 'retrying with the same key grants once')
    .action((opts: Opts) =>
      withDeps(opts, (deps) => {
        const type = String(opts.type);
        if (type !== 'voucher' && type !== 'cash') throw new Error('--type is voucher or cash');
        const input = {
          partnerId: String(opts.partnerId),
          quotaType: type === 'cash' ? (1 as const) : (0 as const),
          amount: parseAmountText(String(opts.amount), '--amount'),
          effectiveTime: instant(opts.effectiveTime, '--effective-time'),
          expireTime: instant(opts.expireTime, '--expire-time'),
          limits: limitsFrom(opts),
          remark: optional(opts.remark),
          grantedBy: 'cli',
        };
        const key = optional(opts.idempotencyKey);
        return grantCouponQuota(deps, input, key ? couponOperatorClaim('coupon_quota', key, quotaGrantFingerprint(input)) : null);
      }),
    );
  withConfigFlags(coupons.command('quotas').description("list a partner's coupon quotas, newest first"))
    .requiredOption('--partner-id <id>')
    .action((opts: Opts) => withDeps(opts, (deps) => listPartnerQuotas(deps, String(opts.partnerId), { offset: 0, limit: 1000 })));
  withConfigFlags(coupons.command('set-quota-status').description("set a quota's status: 0 normal, 3 invalid, 4 adjusting, 5 frozen"))
    .requiredOption('--quota-id <id>')
    .requiredOption('--status <n>')
    .action((opts: Opts) => withDeps(opts, (deps) => setCouponQuotaStatus(deps, String(opts.quotaId), Number(opts.status))));
  withConfigFlags(coupons.command('grant-card').description('give a customer a stored-value card (sandbox only)'))
    .requiredOption('--customer-id <id>')
    .requiredOption('--amount <yuan>')
    .option('--name <text>', 'card name', 'Stored-value card')
    .option('--expire-time <utc>')
    .option('--idempotency-key <key>')
    .action((opts: Opts) =>
      withDeps(opts, (deps) => {
        const input = {
          customerId: String(opts.customerId),
          cardName: String(opts.name),
          amount: parseAmountText(String(opts.amount), '--amount'),
          expireTime: instant(opts.expireTime, '--expire-time'),
          grantedBy: 'cli',
        };
        const key = optional(opts.idempotencyKey);
        return grantStoredValueCard(deps, input, key ? couponOperatorClaim('stored_value_card', key, cardGrantFingerprint(input)) : null);
      }),
    );
  withConfigFlags(coupons.command('cards').description("list a customer's stored-value cards"))
    .requiredOption('--customer-id <id>')
    .action((opts: Opts) => withDeps(opts, (deps) => listCustomerCards(deps, String(opts.customerId), { offset: 0, limit: 1000 })));
  withConfigFlags(coupons.command('verify').description('recompute every quota, coupon and card balance from the coupon journal; exit 1 on any difference')).action((opts: Opts) =>
    withDeps(opts, async (deps) => {
      const report = await verifyCoupons(deps.db.kysely);
      if (!report.ok) process.exitCode = 1;
      return report;
    }),
  );
}
