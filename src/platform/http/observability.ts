import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import client from 'prom-client';
import type { Db } from '../db/database.ts';

/** /healthz (the process answers), /readyz (the database answers) and Prometheus /metrics. */
export function registerObservability(app: FastifyInstance, db: Db): void {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const requests = new client.Counter({
    name: 'pbss_http_requests_total',
    help: 'HTTP requests by operation (or route) and status',
    labelNames: ['operation', 'status'] as const,
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: 'pbss_http_request_duration_seconds',
    help: 'HTTP request duration by operation (or route)',
    labelNames: ['operation'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    const operation = request.routeOptions.config.operation ?? request.routeOptions.url ?? 'unmatched';
    requests.inc({ operation, status: String(reply.statusCode) });
    duration.observe({ operation }, reply.elapsedTime / 1000);
  });

  const hidden = { schema: { hide: true } };
  app.get('/healthz', hidden, async () => ({ status: 'ok' }));
  app.get('/readyz', hidden, async (_request, reply) => {
    try {
      await sql`select 1`.execute(db.kysely);
      return { status: 'ready', database: db.dialect };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: db.dialect });
    }
  });
  app.get('/metrics', hidden, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}

/**
 * One log line per request, on completion, at a level that says whether it matters: debug when it
 * succeeded, info when it was refused (4xx), error when it failed. Fastify's default (two lines at
 * info for every request) costs a busy server more CPU than some of the requests themselves;
 * LOG_LEVEL=debug brings every request back, the Prometheus counters count them all anyway.
 */
export class RequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (!this.isLogDisabled(request)) request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) {
      reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
      return;
    }
    const level = reply.statusCode >= 500 ? 'error' : reply.statusCode >= 400 ? 'info' : 'debug';
    reply.log[level]({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
