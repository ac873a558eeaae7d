import { useState } from 'react';
import { Card, Col, Empty, Progress, Skeleton } from 'antd';
import type { EChartsOption } from 'echarts';
import { listSubCustomerMonthlyBills } from '../../api/bills.ts';
import { listServiceTypes } from '../../api/orders.ts';
import { Chart } from '../../components/chart.tsx';
import { ApiProblem } from '../../components/not-available.tsx';
import { useAsync } from '../../components/use-async.ts';
import { fenText, formatAmount, toFen } from '../../format/amount.ts';
import { currentCycle, recentCycles } from '../../format/cycle.ts';
import { useI18n } from '../../i18n/i18n.tsx';

const MONTHS = 6;
const PAGE = 100;
/** Pages read per cycle and charge mode at most: the dashboard is a summary, not an export. */
const MAX_PAGES = 10;

interface Consumption {
  cycles: string[];
  /** service name → fen per cycle */
  byService: Map<string, bigint[]>;
  /** customer → fen in the current cycle */
  byCustomer: Map<string, bigint>;
}

/** Sums the customers' monthly bills (list_subcustomer_monthly_bills) of the last six cycles, exactly in fen. */
async function readConsumption(onProgress: (done: number, total: number) => void): Promise<Consumption> {
  // Service names in the console's language (the bills name services in the server's default).
  const services = new Map(((await listServiceTypes()).service_types ?? []).map((s) => [s.service_type_code ?? '', s.service_type_name ?? '']));
  const cycles = recentCycles(currentCycle(), MONTHS);
  const modes = ['1', '3'];
  const total = cycles.length * modes.length;
  let done = 0;
  const byService = new Map<string, bigint[]>();
  const byCustomer = new Map<string, bigint>();
  const last = cycles[cycles.length - 1];
  await Promise.all(
    cycles.flatMap((cycle, ci) =>
      modes.map(async (charge_mode) => {
        for (let page = 0; page < MAX_PAGES; page++) {
          const r = await listSubCustomerMonthlyBills({ cycle, charge_mode, offset: page * PAGE, limit: PAGE });
          for (const b of r.bill_sums ?? []) {
            const fen = toFen(b.amount ?? 0) ?? 0n;
            const name = services.get(b.cloud_service_type ?? '') || b.cloud_service_type_name || b.cloud_service_type || '—';
            const row = byService.get(name) ?? cycles.map(() => 0n);
            row[ci] = (row[ci] ?? 0n) + fen;
            byService.set(name, row);
            if (cycle === last && b.customer_id) byCustomer.set(b.customer_id, (byCustomer.get(b.customer_id) ?? 0n) + fen);
          }
          if ((r.bill_sums ?? []).length < PAGE) break;
        }
        onProgress(++done, total);
      }),
    ),
  );
  return { cycles, byService, byCustomer };
}

const yuan = (fen: bigint) => Number(fenText(fen));

/** The consumption trend by month and service, and the top customers of this month by consumption. */
export function ConsumptionCards({ names }: { names: Map<string, string> }) {
  const { t, locale } = useI18n();
  const [progress, setProgress] = useState({ done: 0, total: 0 });
  const data = useAsync(() => readConsumption((done, total) => setProgress({ done, total })), [locale]);
  const trend: EChartsOption | null = data.data
    ? {
        grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
        legend: { top: 0, type: 'scroll' },
        tooltip: { trigger: 'axis', valueFormatter: (v) => formatAmount(typeof v === 'number' ? v : String(v ?? ''), 'CNY') },
        xAxis: { type: 'category', data: data.data.cycles },
        yAxis: { type: 'value' },
        series: [...data.data.byService.entries()].map(([name, fen]) => ({ type: 'bar', stack: 'total', name, data: fen.map(yuan) })),
      }
    : null;
  const top = data.data ? [...data.data.byCustomer.entries()].sort((a, b) => (a[1] === b[1] ? 0 : a[1] < b[1] ? 1 : -1)).slice(0, 10).reverse() : [];
  const topOption: EChartsOption = {
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v) => formatAmount(typeof v === 'number' ? v : String(v ?? ''), 'CNY') },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: top.map(([id]) => names.get(id) ?? id) },
    series: [{ type: 'bar', data: top.map(([, fen]) => yuan(fen)), itemStyle: { color: '#722ed1' } }],
  };
  const loading = data.loading && (
    <Progress percent={progress.total ? Math.round((progress.done / progress.total) * 100) : 0} size="small" format={() => t('dashboard.readingBills', progress)} />
  );
  return (
    <>
      <Col xs={24} lg={14}>
        <Card title={t('dashboard.consumptionTrend')} size="small">
          <ApiProblem error={data.error} onRetry={data.reload} what="list_subcustomer_monthly_bills" />
          {loading}
          {trend && (data.data?.byService.size ? <Chart testId="consumption-chart" height={280} option={trend} /> : <Empty description={t('dashboard.noConsumption')} />)}
          {!data.data && !data.error && <Skeleton active />}
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card title={t('dashboard.topConsumers')} size="small">
          {loading}
          {data.data && (top.length ? <Chart testId="top-consumers-chart" height={280} option={topOption} /> : <Empty description={t('dashboard.noConsumption')} />)}
          {!data.data && !data.error && <Skeleton active />}
        </Card>
      </Col>
    </>
  );
}
