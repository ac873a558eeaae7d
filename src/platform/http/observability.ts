import type { FastifyInstance } from 'fastify';
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
    const status = reply.statusCode;
    requests.inc({ operation, status: String(status) });
    duration.observe({ operation }, reply.elapsedTime / 1000);
    // One line per request, and only where it tells something at the usual level: a line per
    // successful request at info would cost the server more than some of the requests themselves.
    const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
    request.log[level]({ req: request, res: reply, operation, responseTime: reply.elapsedTime }, 'request completed');
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
