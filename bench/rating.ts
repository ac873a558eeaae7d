/**
 * Rating throughput: quotes per second for a 100-product yearly/monthly request signed by the
 * official SDK signer, with p50/p99 latency, against baselines measured in the same run on the same
 * server: an unauthenticated GET /healthz, and a signed catalog read (list_measure_units), so the
 * ratios separate pricing from transport and signature checking.
 *
 *   npm run bench:rating [-- --requests 400 --concurrency 8]
 *   TEST_DATABASE_URL=postgres://... npm run bench:rating      (PostgreSQL instead of SQLite)
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startTestApp } from '../test/support/app.ts';
import { bssClient, credsOf } from '../test/support/sdk.ts';
import { DIALECT } from '../test/support/db.ts';
import { demoActor } from '../src/modules/sandbox/index.ts';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '400' }, concurrency: { type: 'string', default: '8' }, warmup: { type: 'string', default: '40' } } });
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const WARMUP = Number(values.warmup);

const ECS_SPECS = ['s6.small.1', 's6.large.2', 'c7.xlarge.2', 'c7.2xlarge.2', 'm7.large.8'];
/** 100 products across shapes: flat monthly/yearly servers, linear disks, tiered bandwidth, one-time fees. */
function hundredProducts() {
  return Array.from({ length: 100 }, (_, i) => {
    const id = `p${i}`;
    switch (i % 4) {
      case 0:
        return { id, cloud_service_type: 'hws.service.type.ec2', resource_type: 'hws.resource.type.vm', resource_spec: `${ECS_SPECS[i % 5]}.${i % 8 < 4 ? 'linux' : 'win'}`, region: 'cn-north-4', period_type: 2 + (i % 2), period_num: 1 + (i % 3), subscription_num: 1 + (i % 5) };
      case 1:
        return { id, cloud_service_type: 'hws.service.type.ebs', resource_type: 'hws.resource.type.volume', resource_spec: ['SATA', 'SAS', 'GPSSD', 'SSD'][i % 4 === 1 ? (i >> 2) % 4 : 0], region: 'cn-east-3', resource_size: 40 + i, size_measure_id: 17, period_type: 2, period_num: 1 + (i % 11), subscription_num: 1 };
      case 2:
        return { id, cloud_service_type: 'hws.service.type.vpc', resource_type: 'hws.resource.type.bandwidth', resource_spec: '19_bgp', region: 'cn-south-1', resource_size: 1 + (i % 20), size_measure_id: 15, period_type: 3, period_num: 1, subscription_num: 1 };
      default:
        return { id, cloud_service_type: 'hws.service.type.dcaas', resource_type: 'hws.resource.type.dc.port', resource_spec: 'dc.port.1ge', region: 'cn-east-3', period_type: 2, period_num: 2, subscription_num: 1 };
    }
  });
}

interface Result {
  name: string;
  perSecond: number;
  p50: number;
  p99: number;
}

async function measure(name: string, total: number, call: (i: number) => Promise<void>): Promise<Result> {
  for (let i = 0; i < WARMUP; i++) await call(-1 - i);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await call(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]!;
  return { name, perSecond: total / seconds, p50: pct(50), p99: pct(99) };
}

const t = await startTestApp();
try {
  const client = bssClient(t.url, credsOf(demoActor('resale_customer')));
  const products = hundredProducts();
  const check = await client.call('list_rate_on_period_detail', { body: { project_id: 'bench-check', product_infos: products } });
  const official = (check.body.official_website_rating_result as { official_website_amount: number }).official_website_amount;
  const options = (check.body.optional_discount_rating_results as unknown[]).length;

  const healthz = await measure('GET /healthz (unauthenticated)', REQUESTS * 4, async () => {
    const res = await fetch(`${t.url}/healthz`);
    if (res.status !== 200) throw new Error(`healthz ${res.status}`);
    await res.arrayBuffer();
  });
  const signedRead = await measure('signed list_measure_units', REQUESTS, async () => {
    await client.call('list_measure_units');
  });
  // A fresh project id per request: the server refuses an identical signed POST within a second as a replay.
  const quote = await measure('signed 100-product subscribe-rate', REQUESTS, async (i) => {
    const res = await client.call('list_rate_on_period_detail', { body: { project_id: `bench-${i}`, product_infos: products } });
    if (res.status !== 200) throw new Error(`rate ${res.status}`);
  });

  const rows = [healthz, signedRead, quote];
  console.log(`\nrating bench on ${DIALECT}: ${REQUESTS} quotes of 100 products (official ${official} CNY, ${options} discount results each), concurrency ${CONCURRENCY}\n`);
  console.log(`${'workload'.padEnd(38)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`);
  for (const r of rows) console.log(`${r.name.padEnd(38)} ${r.perSecond.toFixed(1).padStart(9)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)}`);
  console.log(`\nquotes/s ${quote.perSecond.toFixed(1)} (${(quote.perSecond * 100).toFixed(0)} products priced/s), p99 ${quote.p99.toFixed(1)} ms`);
  console.log(`ratio to /healthz: ${(quote.perSecond / healthz.perSecond).toFixed(3)}; to a signed catalog read: ${(quote.perSecond / signedRead.perSecond).toFixed(3)}`);
  console.log(JSON.stringify({ dialect: DIALECT, requests: REQUESTS, concurrency: CONCURRENCY, results: rows }));
} finally {
  await t.close();
}
