import type { Command } from 'commander';
import type { Deps } from '../platform/deps.ts';
import { parseAmountText } from '../platform/money.ts';
import { withConfigFlags } from './config-flags.ts';
import { creditLineFingerprint, grantCreditLine, listCreditLines, listTopUps, operatorClaim, recordTopUp, topUpFingerprint } from '../modules/funds/index.ts';
import { verifyLedger } from '../modules/ledger/index.ts';

type Opts = Record<string, unknown>;
type WithDeps = (opts: Opts, fn: (deps: Deps) => Promise<unknown>) => Promise<void>;

const optional = (v: unknown): string | null => (v === undefined ? null : String(v));

/** Funds and ledger commands: the operator plane's money operations, and reconciliation. */
export function registerFundsCommands(program: Command, withDeps: WithDeps): void {
  const funds = program.command('funds').description('partner top-ups and credit lines');
  withConfigFlags(funds.command('top-up').description("record a partner's remittance into its cash balance"))
    .requiredOption('--partner-id <id>')
    .requiredOption('--amount <yuan>', 'e.g. 1000.50 (at most 2 decimals)')
    .option('--designated <yuan>', 'part of the amount earmarked (cannot be allocated onward)')
    .option('--memo <text>', 'e.g. the bank transfer reference')
    .option('--idempotency-key <key>', 'retrying with the same key records the top-up once')
    .action((opts: Opts) =>
      withDeps(opts, (deps) => {
        const input = {
          partnerId: String(opts.partnerId),
          amount: parseAmountText(String(opts.amount), '--amount'),
          designated: opts.designated === undefined ? 0n : parseAmountText(String(opts.designated), '--designated', { allowZero: true }),
          memo: optional(opts.memo),
          createdBy: 'cli',
        };
        const key = optional(opts.idempotencyKey);
        return recordTopUp(deps, input, key ? operatorClaim('top_up', key, topUpFingerprint(input)) : null);
      }),
    );
  withConfigFlags(funds.command('credit-line').description('grant a partner credit (raises its credit balance and line)'))
    .requiredOption('--partner-id <id>')
    .requiredOption('--amount <yuan>')
    .option('--memo <text>')
    .option('--idempotency-key <key>')
    .action((opts: Opts) =>
      withDeps(opts, (deps) => {
        const input = { partnerId: String(opts.partnerId), amount: parseAmountText(String(opts.amount), '--amount'), memo: optional(opts.memo), createdBy: 'cli' };
        const key = optional(opts.idempotencyKey);
        return grantCreditLine(deps, input, key ? operatorClaim('credit_line', key, creditLineFingerprint(input)) : null);
      }),
    );
  withConfigFlags(funds.command('top-ups').description("list a partner's top-ups, newest first"))
    .requiredOption('--partner-id <id>')
    .action((opts: Opts) => withDeps(opts, (deps) => listTopUps(deps, String(opts.partnerId), { offset: 0, limit: 1000 })));
  withConfigFlags(funds.command('credit-lines').description("list a partner's credit-line grants, newest first"))
    .requiredOption('--partner-id <id>')
    .action((opts: Opts) => withDeps(opts, (deps) => listCreditLines(deps, String(opts.partnerId), { offset: 0, limit: 1000 })));

  const ledger = program.command('ledger').description('the double-entry ledger');
  withConfigFlags(ledger.command('verify').description('recompute every balance from the journal; exit 1 on any difference')).action((opts: Opts) =>
    withDeps(opts, async (deps) => {
      const report = await verifyLedger(deps.db.kysely);
      if (!report.ok) process.exitCode = 1;
      return report;
    }),
  );
}
