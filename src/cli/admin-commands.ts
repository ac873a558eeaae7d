import type { Command } from 'commander';
import { composeDeps } from '../compose.ts';
import type { Deps } from '../platform/deps.ts';
import { AppError } from '../platform/errors.ts';
import { configFrom, withConfigFlags } from './config-flags.ts';
import { createPartnerAccount } from '../modules/partners/index.ts';
import { createUser, issueAccessKey, listAccessKeys, revokeAccessKey } from '../modules/identity/index.ts';
import { advanceClock, clockState, demoCredentials, seedDemo, setClock } from '../modules/sandbox/index.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { runDueJobs } from '../platform/jobs/jobs.ts';
import { JOB_HANDLERS } from '../job-handlers.ts';
import { registerFundsCommands } from './funds-commands.ts';
import { registerCatalogCommands } from './catalog-commands.ts';
import { registerCustomersCommands } from './customers-commands.ts';
import { registerCouponsCommands } from './coupons-commands.ts';
import { registerUsageCommands } from './usage-commands.ts';

type Opts = Record<string, unknown>;

/** Runs an admin command against the configured database, printing JSON or a line of text. */
async function withDeps(opts: Opts, fn: (deps: Deps) => Promise<unknown>): Promise<void> {
  const deps = await composeDeps(configFrom(opts));
  try {
    const result = await fn(deps);
    if (result !== undefined) process.stdout.write((typeof result === 'string' ? result : JSON.stringify(result, null, 2)) + '\n');
  } catch (err) {
    if (err instanceof AppError) throw new Error(`${err.code}: ${err.message}`);
    throw err;
  } finally {
    await deps.db.close();
  }
}

export function registerAdminCommands(program: Command): void {
  withConfigFlags(program.command('migrate').description('apply pending database migrations')).action((opts: Opts) =>
    withDeps(opts, async (deps) => `migrations applied: ${(await migrateToLatest(deps.db)).length} new`),
  );

  const demo = program.command('demo').description('the sandbox demo actors');
  withConfigFlags(demo.command('seed').description('create the demo actors (sandbox only; idempotent)')).action((opts: Opts) =>
    withDeps(opts, async (deps) => ((await seedDemo(deps)).created ? 'demo data seeded' : 'demo data already present')),
  );
  withConfigFlags(demo.command('credentials').description("print the demo actors' ids, keys and passwords"))
    .option('--json', 'machine-readable output')
    .option('--endpoint <url>', 'endpoint to print', `http://127.0.0.1:${process.env.PORT ?? 8080}`)
    .action((opts: Opts) =>
      withDeps(opts, async (deps) => {
        if (deps.mode !== 'sandbox') throw new Error('demo credentials exist in sandbox mode only');
        await seedDemo(deps);
        const creds = demoCredentials(String(opts.endpoint));
        if (opts.json) return creds;
        return creds.actors.map((a) => `${a.key.padEnd(18)} ${a.account_id}  ${a.access_key}  ${a.secret_key}`).join('\n');
      }),
    );

  const partners = program.command('partners').description('partners of each type');
  withConfigFlags(partners.command('create').description('create a partner'))
    .requiredOption('--name <name>', 'account name (5-32 characters)')
    .requiredOption('--type <type>', 'solution_provider | distributor | reseller')
    .option('--parent-id <id>', 'for a reseller: its tier-1 distributor')
    .option('--display-name <name>')
    .action((opts: Opts) =>
      withDeps(opts, async (deps) => {
        const type = String(opts.type);
        if (type !== 'solution_provider' && type !== 'distributor' && type !== 'reseller') throw new Error(`unknown partner type ${type}`);
        return createPartnerAccount(deps, {
          name: String(opts.name),
          partnerType: type,
          parentId: opts.parentId ? String(opts.parentId) : null,
          displayName: opts.displayName ? String(opts.displayName) : undefined,
        });
      }),
    );

  const keys = program.command('keys').description('access keys');
  withConfigFlags(keys.command('issue').description("issue an access key for an account's root user (or --user)"))
    .requiredOption('--account-id <id>')
    .option('--user <name>')
    .option('--description <text>')
    .action((opts: Opts) =>
      withDeps(opts, (deps) =>
        issueAccessKey(deps, {
          accountId: String(opts.accountId),
          userName: opts.user ? String(opts.user) : undefined,
          description: opts.description ? String(opts.description) : undefined,
        }),
      ),
    );
  withConfigFlags(keys.command('list').description("list an account's keys (no secrets)"))
    .requiredOption('--account-id <id>')
    .action((opts: Opts) => withDeps(opts, (deps) => listAccessKeys(deps, String(opts.accountId))));
  withConfigFlags(keys.command('revoke').description('revoke an access key').argument('<access>')).action((access: string, opts: Opts) =>
    withDeps(opts, async (deps) => {
      await revokeAccessKey(deps, access);
      return `revoked ${access}`;
    }),
  );

  const users = program.command('users').description('users with passwords');
  withConfigFlags(users.command('create').description('add a user (partner_operator or member) to an account'))
    .requiredOption('--account-id <id>')
    .requiredOption('--name <name>')
    .requiredOption('--password <password>')
    .option('--role <role>', 'partner_operator | member', 'member')
    .action((opts: Opts) =>
      withDeps(opts, (deps) => {
        const role = String(opts.role);
        if (role !== 'partner_operator' && role !== 'member') throw new Error(`unknown role ${role}`);
        return createUser(deps, { accountId: String(opts.accountId), name: String(opts.name), password: String(opts.password), role });
      }),
    );

  registerFundsCommands(program, withDeps);
  registerCatalogCommands(program, withDeps);
  registerCustomersCommands(program, withDeps);
  registerCouponsCommands(program, withDeps);
  registerUsageCommands(program, withDeps);

  const clock = program.command('clock').description('the sandbox clock (a running server follows within a second)');
  withConfigFlags(clock.command('show')).action((opts: Opts) => withDeps(opts, async (deps) => clockState(deps)));
  withConfigFlags(clock.command('set').argument('<iso-instant>')).action((at: string, opts: Opts) =>
    withDeps(opts, (deps) => setClock(deps, new Date(at))),
  );
  withConfigFlags(clock.command('advance'))
    .option('--seconds <n>', 'seconds to advance', '0')
    .option('--days <n>', 'days to advance', '0')
    .action((opts: Opts) => withDeps(opts, (deps) => advanceClock(deps, Number(opts.seconds) + Number(opts.days) * 86400)));

  // Without a running server (whose worker does this every second), run what the clock made due.
  const jobs = program.command('jobs').description('jobs on the business clock');
  withConfigFlags(jobs.command('run').description('run every job due by the business clock (renewals, expiries, lapses), in order')).action((opts: Opts) =>
    withDeps(opts, async (deps) => {
      let total = 0;
      for (let n = await runDueJobs(deps, JOB_HANDLERS); n > 0; n = await runDueJobs(deps, JOB_HANDLERS)) total += n;
      return `jobs run: ${total}`;
    }),
  );
}
