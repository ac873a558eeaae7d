import { AckPolicy, connect, JSONCodec, RetentionPolicy, type JetStreamClient, type NatsConnection } from 'nats';
import type { Deps } from '../../platform/deps.ts';
import { ingestUsage } from './ingest-usage.ts';

/**
 * Ingestion from NATS JetStream (USAGE_NATS_URL): senders publish batches — a JSON array of
 * records, or `{"source": ..., "records": [...]}` — on `usage.records.<source>`; a durable pull
 * consumer shared by every partner-bss process takes them, ingests each message's records (the
 * same checks and idempotency as the API) and acknowledges the message only after the records
 * are committed. A crash between the commit and the ack redelivers the message, whose records
 * then count as duplicates: at-least-once delivery, exactly-once effect.
 */
export const USAGE_STREAM = 'USAGE';
export const USAGE_SUBJECT_PREFIX = 'usage.records';
const CONSUMER = 'partner-bss-ingest';
const codec = JSONCodec<unknown>();

export async function ensureUsageStream(nc: NatsConnection): Promise<void> {
  const jsm = await nc.jetstreamManager();
  try {
    await jsm.streams.info(USAGE_STREAM);
  } catch {
    await jsm.streams.add({ name: USAGE_STREAM, subjects: [`${USAGE_SUBJECT_PREFIX}.>`], retention: RetentionPolicy.Workqueue });
  }
  try {
    await jsm.consumers.info(USAGE_STREAM, CONSUMER);
  } catch {
    await jsm.consumers.add(USAGE_STREAM, { durable_name: CONSUMER, ack_policy: AckPolicy.Explicit, ack_wait: 60_000_000_000, max_ack_pending: 1000 });
  }
}

/** Publishes a batch of records (for senders, tests and the benchmark). */
export async function publishUsage(js: JetStreamClient, source: string, records: readonly unknown[]): Promise<void> {
  await js.publish(`${USAGE_SUBJECT_PREFIX}.${source}`, codec.encode({ source, records }));
}

export interface UsageConsumer {
  stop(): Promise<void>;
  /** Messages ingested so far. */
  readonly messages: number;
}

/** Starts pulling batches from the stream until stopped. */
export async function startUsageConsumer(deps: Pick<Deps, 'db' | 'clock' | 'log'>, url: string, options: { batch?: number } = {}): Promise<UsageConsumer> {
  const nc = await connect({ servers: url, name: 'partner-bss-usage' });
  await ensureUsageStream(nc);
  const consumer = await nc.jetstream().consumers.get(USAGE_STREAM, CONSUMER);
  let stopped = false;
  let messages = 0;
  const loop = (async () => {
    while (!stopped) {
      const batch = await consumer.fetch({ max_messages: options.batch ?? 20, expires: 1000 });
      for await (const m of batch) {
        try {
          const body = codec.decode(m.data) as { source?: unknown; records?: unknown } | unknown[];
          const records = Array.isArray(body) ? body : Array.isArray(body.records) ? body.records : [];
          const source = !Array.isArray(body) && typeof body.source === 'string' ? body.source : m.subject.slice(USAGE_SUBJECT_PREFIX.length + 1) || 'nats';
          const r = await ingestUsage(deps, { source, records });
          if (r.rejected > 0) deps.log.warn({ source, rejected: r.rejected, first: r.rejections.slice(0, 5) }, 'usage records rejected (NATS)');
          m.ack();
          messages += 1;
        } catch (err) {
          deps.log.error({ err }, 'usage batch from NATS failed; it will be redelivered');
          m.nak(5000);
        }
      }
    }
  })();
  return {
    get messages() {
      return messages;
    },
    async stop() {
      stopped = true;
      await loop.catch(() => undefined);
      await nc.drain();
    },
  };
}
