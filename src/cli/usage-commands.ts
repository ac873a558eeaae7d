import fs from 'node:fs';
import type { Command } from 'commander';
import type { Deps } from '../platform/deps.ts';
import { withConfigFlags } from './config-flags.ts';
import { progressBar } from './progress.ts';
import { closeUsageMonth, collectArrears, ingestUsage, parseUsageBatch, rateAllDue, startUsageConsumer, usageSettings, type IngestResult, type UsageFormat } from '../modules/usage/index.ts';

type Opts = Record<string, unknown>;
type WithDeps = (opts: Opts, fn: (deps: Deps) => Promise<unknown>) => Promise<void>;

/** Records sent to ingestion at a time by the importer. */
const IMPORT_BATCH = 5000;
/** Rejections printed in the summary (the counts cover all). */
const MAX_REJECTIONS_SHOWN = 1000;

function formatOf(file: string, flag: unknown): UsageFormat {
  const f = flag ? String(flag) : /\.csv$/i.test(file) ? 'csv' : /\.json$/i.test(file) ? 'json' : 'ndjson';
  if (f !== 'ndjson' && f !== 'csv' && f !== 'json') throw new Error(`unknown format ${f}: ndjson, csv or json`);
  return f;
}

/** Usage: import records from a file, rate now, close a month, consume from NATS. */
export function registerUsageCommands(program: Command, withDeps: WithDeps): void {
  const usage = program.command('usage').description('usage records and on-demand rating');
  withConfigFlags(usage.command('import').description('ingest usage records from a file (progress on stderr)').argument('<file>', 'NDJSON (default), CSV with a header row, or a JSON array'))
    .option('--format <format>', 'ndjson | csv | json (default: from the file name)')
    .option('--source <source>', 'the sender: record ids are unique per source', 'import')
    .action((file: string, opts: Opts) =>
      withDeps(opts, async (deps) => {
        const records = parseUsageBatch(fs.readFileSync(file, 'utf8'), formatOf(file, opts.format));
        const bar = progressBar('usage import', records.length);
        const total: IngestResult = { accepted: 0, duplicate: 0, rejected: 0, rejections: [] };
        for (let i = 0; i < records.length; i += IMPORT_BATCH) {
          const r = await ingestUsage(deps, { source: String(opts.source), records: records.slice(i, i + IMPORT_BATCH) });
          total.accepted += r.accepted;
          total.duplicate += r.duplicate;
          total.rejected += r.rejected;
          for (const x of r.rejections) if (total.rejections.length < MAX_REJECTIONS_SHOWN) total.rejections.push({ ...x, index: x.index + i });
          bar.update(Math.min(records.length, i + IMPORT_BATCH), `accepted ${total.accepted} duplicate ${total.duplicate} rejected ${total.rejected}`);
        }
        bar.finish(`accepted ${total.accepted} duplicate ${total.duplicate} rejected ${total.rejected}`);
        return total;
      }),
    );
  withConfigFlags(usage.command('rate').description('rate every record of ended hours now, then collect arrears (what the hourly job does)')).action((opts: Opts) =>
    withDeps(opts, async (deps) => ({ ...(await rateAllDue(deps)), arrears: await collectArrears(deps).then((a) => ({ repaid: a.repaid.toString(), frozen_customers: a.frozenCustomers })) })),
  );
  withConfigFlags(usage.command('close').description("close a month: leftover hours, 95th-percentile bandwidth, the truncation make-up").argument('<cycle>', 'YYYY-MM (UTC+8)')).action((cycle: string, opts: Opts) =>
    withDeps(opts, async (deps) => closeUsageMonth(deps, cycle)),
  );
  withConfigFlags(usage.command('consume').description('ingest batches from NATS JetStream (USAGE_NATS_URL) until interrupted'))
    .option('--nats-url <url>', 'USAGE_NATS_URL')
    .action((opts: Opts) =>
      withDeps(opts, async (deps) => {
        const url = opts.natsUrl ? String(opts.natsUrl) : usageSettings().natsUrl;
        if (!url) throw new Error('set USAGE_NATS_URL or --nats-url');
        const consumer = await startUsageConsumer(deps, url);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await consumer.stop();
        return { messages: consumer.messages };
      }),
    );
}
