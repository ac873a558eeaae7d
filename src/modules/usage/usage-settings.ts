/**
 * Usage settings from the environment (documented in docs/usage-and-bills.md):
 * USAGE_LATE_WINDOW_HOURS (default 72): how long after its end a record is still accepted, by the
 * business clock; USAGE_GRACE_DAYS (default 7): how long arrears may stand before the customer's
 * on-demand resources are frozen; USAGE_NATS_URL: ingest from NATS JetStream too (off when unset).
 */
export interface UsageSettings {
  lateWindowMs: number;
  graceMs: number;
  natsUrl: string | undefined;
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number >= 0, got ${value}`);
  return n;
}

export function usageSettings(env: NodeJS.ProcessEnv = process.env): UsageSettings {
  return {
    lateWindowMs: positive('USAGE_LATE_WINDOW_HOURS', env.USAGE_LATE_WINDOW_HOURS, 72) * 3_600_000,
    graceMs: positive('USAGE_GRACE_DAYS', env.USAGE_GRACE_DAYS, 7) * 86_400_000,
    natsUrl: env.USAGE_NATS_URL || undefined,
  };
}
