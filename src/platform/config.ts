import os from 'node:os';
import path from 'node:path';

/**
 * Configuration comes from environment variables; the CLI accepts the same names as flags
 * (`PORT` ↔ `--port`, `DATABASE_URL` ↔ `--database-url`), and a flag wins over the environment.
 */
export type Mode = 'sandbox' | 'production';

export interface Config {
  mode: Mode;
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string;
  /** PostgreSQL only: the schema to use (created when missing); a URL cannot name one. */
  databaseSchema: string | undefined;
  /** Base64 of 32 bytes; encrypts access-key secrets at rest. Read from DATA_DIR/master.key when unset. */
  masterKey: string | undefined;
  /** Requests per second per (caller root account, operation); 0 turns flow control off. */
  rateLimitPerSecond: number;
  logLevel: string;
  /** Seed the demo actors on first start (sandbox only). */
  demo: boolean;
  /** Serve the signed partner API, operator API and docs. */
  publicUrl: string | undefined;
  /**
   * Behind a reverse proxy: which hops' X-Forwarded-For to believe, as Fastify's trustProxy takes
   * it (true, or addresses/CIDRs separated by commas); the client address then is the
   * real one (flow control on the public SSO pages, logs). Unset: the peer is the client.
   */
  trustProxy: boolean | string | undefined;
  /**
   * Server processes sharing the listening port (node:cluster); 1 serves from this process. Each
   * process takes whole connections; on SQLite they share the file and its single writer lock.
   */
  workers: number;
}

export const CONFIG_KEYS = {
  MODE: 'mode',
  HOST: 'host',
  PORT: 'port',
  DATA_DIR: 'dataDir',
  DATABASE_URL: 'databaseUrl',
  DATABASE_SCHEMA: 'databaseSchema',
  MASTER_KEY: 'masterKey',
  RATE_LIMIT_PER_SECOND: 'rateLimitPerSecond',
  LOG_LEVEL: 'logLevel',
  DEMO: 'demo',
  PUBLIC_URL: 'publicUrl',
  TRUST_PROXY: 'trustProxy',
  WORKERS: 'workers',
} as const satisfies Record<string, keyof Config>;

export type ConfigSource = Partial<Record<keyof typeof CONFIG_KEYS, string | undefined>>;

function parseBool(v: string | undefined, fallback: boolean): boolean {
  if (v === undefined || v === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  throw new Error(`not a boolean: ${v}`);
}

function parsePort(v: string | undefined, fallback: number): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`PORT must be 0..65535, got ${v}`);
  return n;
}

/** Builds the configuration from flags over environment variables over defaults. */
export function loadConfig(flags: ConfigSource = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const get = (k: keyof typeof CONFIG_KEYS): string | undefined => flags[k] ?? env[k];
  const modeRaw = get('MODE') ?? 'sandbox';
  if (modeRaw !== 'sandbox' && modeRaw !== 'production') {
    throw new Error(`MODE must be sandbox or production, got ${modeRaw}`);
  }
  const dataDir = path.resolve(get('DATA_DIR') ?? 'data');
  const rate = Number(get('RATE_LIMIT_PER_SECOND') ?? '10');
  if (!Number.isFinite(rate) || rate < 0) throw new Error('RATE_LIMIT_PER_SECOND must be >= 0');
  return {
    mode: modeRaw,
    host: get('HOST') ?? '127.0.0.1',
    port: parsePort(get('PORT'), 8080),
    dataDir,
    databaseUrl: get('DATABASE_URL') || `sqlite://${path.join(dataDir, 'partner-bss.sqlite')}`,
    databaseSchema: get('DATABASE_SCHEMA') || undefined,
    masterKey: get('MASTER_KEY') || undefined,
    rateLimitPerSecond: rate,
    logLevel: get('LOG_LEVEL') ?? 'info',
    demo: parseBool(get('DEMO'), modeRaw === 'sandbox'),
    publicUrl: get('PUBLIC_URL') || undefined,
    trustProxy: parseTrustProxy(get('TRUST_PROXY')),
    workers: parseWorkers(get('WORKERS')),
  };
}

/** A whole number from 1 to 64, or `auto` (one per CPU). */
function parseWorkers(v: string | undefined): number {
  if (v === undefined || v === '') return 1;
  if (v === 'auto') return Math.max(1, os.availableParallelism());
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`WORKERS must be a whole number from 1 to 64, or auto; got ${v}`);
  return n;
}

function parseTrustProxy(v: string | undefined): boolean | string | undefined {
  if (v === undefined || v === '') return undefined;
  if (/^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return v;
}
