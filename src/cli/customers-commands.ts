import type { Command } from 'commander';
import type { Deps } from '../platform/deps.ts';
import { withConfigFlags } from './config-flags.ts';
import { decideRealnameReview, getRealnameReview, listRealnameReviews, listVerificationOutbox, readRealnamePolicy, setRealnamePolicy } from '../modules/customers/index.ts';
import { cancelAssociationRequest, listAssociationRequests, showCustomerAssociation, type AssociationActor } from '../modules/associations/index.ts';

type Opts = Record<string, unknown>;
type WithDeps = (opts: Opts, fn: (deps: Deps) => Promise<unknown>) => Promise<void>;

const int = (v: unknown): number | undefined => (v === undefined ? undefined : Number(v));
/** The CLI acts as the operator; decisions it makes are recorded as decided by `cli`. */
const CLI_OPERATOR: AssociationActor = { side: 'operator', accountId: 'cli', name: 'cli' };

/** The verification-code outbox (what sandbox users read instead of an SMS) and the real-name review queue. */
export function registerCustomersCommands(program: Command, withDeps: WithDeps): void {
  const outbox = program.command('verification-codes').description('verification codes "sent" by SMS (the outbox)');
  withConfigFlags(outbox.command('list').description('codes sent, newest first'))
    .option('--mobile <number>', 'only those sent to this mobile number')
    .option('--limit <n>', 'how many (default 20, at most 100)')
    .option('--json', 'machine-readable output')
    .action((opts: Opts) =>
      withDeps(opts, async (deps) => {
        const res = await listVerificationOutbox(deps, { mobile_phone: opts.mobile ? String(opts.mobile) : undefined, limit: int(opts.limit) });
        if (opts.json) return res;
        if (res.messages.length === 0) return 'no verification codes sent';
        return res.messages.map((m) => `${m.created_at}  ${m.recipient}  code ${m.code}  scene ${m.scene}  expires ${m.expires_at}`).join('\n');
      }),
    );

  const realname = program.command('realname').description('real-name verification: the review queue and its policy');
  withConfigFlags(realname.command('reviews').description('applications, oldest first'))
    .option('--status <status>', 'in_review (default), rejected, approved or all')
    .option('--customer-id <id>')
    .option('--limit <n>')
    .action((opts: Opts) =>
      withDeps(opts, (deps) =>
        listRealnameReviews(deps, {
          status: opts.status ? String(opts.status) : undefined,
          customer_id: opts.customerId ? String(opts.customerId) : undefined,
          limit: int(opts.limit),
        }),
      ),
    );
  withConfigFlags(realname.command('show').description('one application').argument('<id>')).action((id: string, opts: Opts) =>
    withDeps(opts, (deps) => getRealnameReview(deps, id)),
  );
  withConfigFlags(realname.command('approve').description('approve an application in review').argument('<id>')).action((id: string, opts: Opts) =>
    withDeps(opts, (deps) => decideRealnameReview(deps, id, { approve: true }, 'cli')),
  );
  withConfigFlags(realname.command('reject').description('reject an application in review').argument('<id>'))
    .requiredOption('--opinion <text>', 'what the partner reads as the review opinion')
    .action((id: string, opts: Opts) => withDeps(opts, (deps) => decideRealnameReview(deps, id, { approve: false, opinion: String(opts.opinion) }, 'cli')));
  withConfigFlags(realname.command('policy').description('show, or set, how applications are decided').argument('[auto-decision]', 'manual, approve or reject')).action(
    (policy: string | undefined, opts: Opts) =>
      withDeps(opts, async (deps) => ({ auto_decision: policy === undefined ? await readRealnamePolicy(deps.db.kysely) : await setRealnamePolicy(deps, policy) })),
  );

  const associations = program.command('associations').description('association changes: unbinding and switching type (requests and history)');
  withConfigFlags(associations.command('requests').description('association requests, newest first'))
    .option('--customer-id <id>')
    .option('--partner-id <id>')
    .option('--status <status>', 'pending, completed, declined, cancelled or expired')
    .option('--limit <n>')
    .action((opts: Opts) =>
      withDeps(opts, (deps) =>
        listAssociationRequests(deps, CLI_OPERATOR, {
          customer_id: opts.customerId ? String(opts.customerId) : undefined,
          partner_id: opts.partnerId ? String(opts.partnerId) : undefined,
          status: opts.status ? (String(opts.status) as 'pending') : undefined,
          limit: int(opts.limit),
        }),
      ),
    );
  withConfigFlags(associations.command('show').description("a customer's association, open request and history").argument('<customer-id>')).action((id: string, opts: Opts) =>
    withDeps(opts, (deps) => showCustomerAssociation(deps, CLI_OPERATOR, id)),
  );
  withConfigFlags(associations.command('cancel').description('cancel a pending request').argument('<request-id>'))
    .option('--note <text>')
    .action((id: string, opts: Opts) => withDeps(opts, (deps) => cancelAssociationRequest(deps, CLI_OPERATOR, id, opts.note ? String(opts.note) : null)));
}
