import cluster from 'node:cluster';
import type { Config } from '../platform/config.ts';
import type { Deps } from '../platform/deps.ts';
import { noticeOf, onNotice } from '../platform/cluster-messages.ts';
import { buildApp } from '../app.ts';
import { composeDeps } from '../compose.ts';
import { JOB_HANDLERS } from '../job-handlers.ts';
import { startJobWorker } from '../platform/jobs/jobs.ts';
import { scheduleMaintenance } from '../platform/jobs/maintenance.ts';
import { startUsageConsumer, usageSettings } from '../modules/usage/index.ts';
import { lowBalanceThreshold } from '../modules/funds/index.ts';
import { demoCredentials, hasDemoData, seedDemo, syncClock } from '../modules/sandbox/index.ts';

/**
 * Starts the server: migrate, seed the demo in sandbox mode, listen, and shut down gracefully.
 * With `workers` > 1 this process does the preparation and then runs that many server processes
 * (node:cluster) that share the port; see servePrimary.
 */
export async function serve(config: Config): Promise<void> {
  if (cluster.isWorker) return serveProcess(config, { inCluster: true });
  if (config.workers > 1) return servePrimary(config);
  return serveProcess(config, { inCluster: false });
}

/** Checks the settings, migrates, refuses demo data in production, seeds the demo in sandbox mode. */
async function prepare(config: Config): Promise<{ deps: Deps; seeded: boolean }> {
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
  return { deps, seeded: seeded.created };
}

async function banner(deps: Deps, config: Config, url: string, seeded: boolean, workers: number): Promise<string> {
  const lines = [
    '',
    `partner-bss (${config.mode}) listening on ${url}  [database: ${deps.db.dialect}${workers > 1 ? `; ${workers} server processes` : ''}]`,
    `  API docs (OpenAPI UI): ${url}/docs     OpenAPI document: ${url}/openapi.json`,
    `  Console:               ${url}/console  (web consoles: see README)`,
  ];
  if (config.mode === 'sandbox' && (await hasDemoData(deps))) {
    const creds = demoCredentials(url);
    lines.push(`  Demo data ${seeded ? 'seeded' : 'present'}; console password for every demo user: ${creds.password}`);
    for (const a of creds.actors) {
      lines.push(`    ${a.key.padEnd(18)} account ${a.account_name.padEnd(24)} id ${a.account_id}  AK ${a.access_key}  SK ${a.secret_key}`);
    }
    lines.push(`  Machine-readable: npm run cli -- demo credentials --json   or   GET ${url}/sandbox/v1/credentials`);
  }
  return lines.join('\n') + '\n\n';
}

const urlOf = (config: Config, port: number) => config.publicUrl ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;

/**
 * The primary of `serve --workers N`: prepares the database once, forks N server processes that
 * listen on the same port (the primary hands each new connection to one of them in turn), prints
 * the banner once all are listening, passes cluster notices between them, replaces a process that
 * dies, and on SIGTERM/SIGINT lets each drain and waits for them.
 */
async function servePrimary(config: Config): Promise<void> {
  const { deps, seeded } = await prepare(config);
  await scheduleMaintenance(deps);
  let closing = false;
  const starts: number[] = [];
  const fork = () => {
    // A process that keeps dying at once (a bad setting, the port taken) is not restarted forever.
    const now = Date.now();
    starts.push(now);
    while (starts.length && starts[0]! < now - 10_000) starts.shift();
    if (starts.length > config.workers * 3) {
      process.stderr.write('partner-bss: server processes keep exiting; giving up\n');
      process.exit(1);
    }
    cluster.fork();
  };
  cluster.on('message', (from, message: unknown) => {
    const notice = noticeOf(message);
    if (notice === null) return;
    for (const w of Object.values(cluster.workers ?? {})) if (w && w !== from && w.isConnected()) w.send({ pbss: notice });
  });
  cluster.on('exit', (w, code, signal) => {
    if (closing) return;
    process.stderr.write(`partner-bss: server process ${w.process.pid} exited (${signal ?? code}); starting another\n`);
    fork();
  });
  const listening = new Promise<number>((resolve) => {
    let count = 0;
    cluster.on('listening', (_w, address) => {
      if (++count === config.workers) resolve(address.port);
    });
  });
  const shutdown = () => {
    if (closing) return;
    closing = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    let left = workers.length;
    if (left === 0) process.exit(0);
    for (const w of workers) {
      w.on('exit', () => {
        if (--left === 0) process.exit(0);
      });
      w.process.kill('SIGTERM');
    }
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  for (let i = 0; i < config.workers; i++) fork();
  const port = await listening;
  process.stdout.write(await banner(deps, config, urlOf(config, port), seeded, config.workers));
  await deps.db.close();
}

/** One server process: the whole server, or one of a cluster's (prepared and announced by the primary). */
async function serveProcess(config: Config, { inCluster }: { inCluster: boolean }): Promise<void> {
  const { deps, seeded } = inCluster ? { deps: await composeDeps(config), seeded: false } : await prepare(config);
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
  if (!inCluster) await scheduleMaintenance(deps);
  const worker = startJobWorker(deps, JOB_HANDLERS);
  // Usage batches from NATS JetStream, when configured (USAGE_NATS_URL).
  const natsUrl = usageSettings().natsUrl;
  const usageConsumer = natsUrl ? await startUsageConsumer(deps, natsUrl) : undefined;
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  if (!inCluster) process.stdout.write(await banner(deps, config, urlOf(config, port), seeded, 1));

  // The CLI may move the sandbox clock on the same database; follow it. A sibling server process
  // that moved it says so at once (cluster notice).
  const sync = deps.mode === 'sandbox' ? setInterval(() => void syncClock(deps).catch(() => undefined), 1000) : undefined;
  sync?.unref();
  if (deps.mode === 'sandbox') {
    onNotice((notice) => {
      if (notice.kind === 'clock-changed') void syncClock(deps).catch(() => undefined);
    });
  }

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
  // In a cluster the terminal's Ctrl-C reaches every process; the primary answers it with a
  // SIGTERM to each, after it has stopped replacing processes that exit.
  process.on('SIGINT', () => void (inCluster ? undefined : shutdown('SIGINT')));
}
