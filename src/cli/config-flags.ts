import { Option, type Command } from 'commander';
import { loadConfig, type ConfigSource } from '../platform/config.ts';

const FLAG_ENV: Record<string, keyof ConfigSource> = {
  port: 'PORT',
  host: 'HOST',
  databaseUrl: 'DATABASE_URL',
  databaseSchema: 'DATABASE_SCHEMA',
  dataDir: 'DATA_DIR',
  mode: 'MODE',
  rateLimitPerSecond: 'RATE_LIMIT_PER_SECOND',
  logLevel: 'LOG_LEVEL',
  demo: 'DEMO',
  publicUrl: 'PUBLIC_URL',
  workers: 'WORKERS',
};

export function configFrom(opts: Record<string, unknown>) {
  const flags: ConfigSource = {};
  for (const [flag, env] of Object.entries(FLAG_ENV)) {
    const v = opts[flag];
    if (v !== undefined) flags[env] = String(v);
  }
  return loadConfig(flags);
}

export function withConfigFlags(cmd: Command): Command {
  return cmd
    .addOption(new Option('--database-url <url>', 'sqlite:<file> or postgres://… (DATABASE_URL)'))
    .addOption(new Option('--database-schema <name>', 'PostgreSQL schema, created when missing (DATABASE_SCHEMA)'))
    .addOption(new Option('--data-dir <dir>', 'data directory (DATA_DIR), default ./data'))
    .addOption(new Option('--mode <mode>', 'sandbox or production (MODE)').choices(['sandbox', 'production']))
    .addOption(new Option('--log-level <level>', 'LOG_LEVEL'));
}

