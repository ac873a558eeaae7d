import type { Config } from '../platform/config.ts';
import { buildApp } from '../app.ts';
import { composeDeps } from '../compose.ts';
import { JOB_HANDLERS } from '../job-handlers.ts';
import { startJobWorker } from '../platform/jobs/jobs.ts';
import { scheduleMaintenance } from '../platform/jobs/maintenance.ts';
import { startUsageConsumer, usageSettings } from '../modules/usage/index.ts';
import { lowBalanceThreshold } from '../modules/funds/index.ts';
import { demoCredentials, hasDemoData, seedDemo, syncClock } from '../modules/sandbox/index.ts';

/** Starts the server: migrate, seed the demo in sandbox mode, listen, and shut down gracefully. */
export async function serve(config: Config): Promise<void> {
  if (config.mode === 'production' && config.demo) throw new Error('DEMO=true is refused in production mode');
  // Settings read from the environment where they are used: a bad value stops the start, here.
  lowBalanceThreshold();
  usageSettings();
  const deps = await composeDeps(config);
  if (config.mode === 'production' && (await hasDemoData(deps))) {
    await deps.db.close();
    throw new Error('this database holds the demo (well-known) keys; production mode refuses to start on it');
  }
  const seeded = config.mode === 'sandbox' && config.demo ? await seedDemo(deps) : { created: false };
  const endpoint = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  const app = await buildApp(deps, {
    rateLimitPerSecond: config.rateLimitPerSecond,
    publicUrl: () => endpoint,
    ...(config.trustProxy !== undefined ? { trustProxy: config.trustProxy } : {}),
    logger: {
      level: config.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers["x-auth-token"]', 'res.headers["x-subject-token"]'], censor: '[redacted]' },
    },
  });
  await app.listen({ host: config.host, port: config.port });
  await scheduleMaintenance(deps);
  const worker = startJobWorker(deps, JOB_HANDLERS);
  // Usage batches from NATS JetStream, when configured (USAGE_NATS_URL).
  const natsUrl = usageSettings().natsUrl;
  const usageConsumer = natsUrl ? await startUsageConsumer(deps, natsUrl) : undefined;
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;

  const lines = [
    '',
    `partner-bss (${config.mode}) listening on ${url}  [database: ${deps.db.dialect}]`,
    `  API docs (OpenAPI UI): ${url}/docs     OpenAPI document: ${url}/openapi.json`,
    `  Console:               ${url}/console  (web consoles: see README)`,
  ];
  if (config.mode === 'sandbox' && (await hasDemoData(deps))) {
    const creds = demoCredentials(url);
    lines.push(`  Demo data ${seeded.created ? 'seeded' : 'present'}; console password for every demo user: ${creds.password}`);
    for (const a of creds.actors) {
      lines.push(`    ${a.key.padEnd(18)} account ${a.account_name.padEnd(24)} id ${a.account_id}  AK ${a.access_key}  SK ${a.secret_key}`);
    }
    lines.push(`  Machine-readable: npm run cli -- demo credentials --json   or   GET ${url}/sandbox/v1/credentials`);
  }
  process.stdout.write(lines.join('\n') + '\n\n');

  // The CLI may move the sandbox clock on the same database; follow it.
  const sync = deps.mode === 'sandbox' ? setInterval(() => void syncClock(deps).catch(() => undefined), 1000) : undefined;
  sync?.unref();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: draining requests');
    if (sync) clearInterval(sync);
    await app.close();
    await worker.stop();
    await usageConsumer?.stop();
    await deps.db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
