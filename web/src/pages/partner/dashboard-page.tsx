import { useState } from 'react';
import { Card, Col, Empty, Progress, Row, Select, Skeleton, Statistic, Table } from 'antd';
import type { EChartsOption } from 'echarts';
import { listCustomersBalances, listIndirectPartners, listPartnerBalances, listSubCustomers } from '../../api/partner.ts';
import type { CustomerBalancesV2, CustomerInformation } from '../../api/contract.ts';
import { Amount } from '../../components/amount.tsx';
import { BalanceCards } from '../../components/balance-cards.tsx';
import { Chart } from '../../components/chart.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { PageHead } from '../../components/page.tsx';
import { useAsync } from '../../components/use-async.ts';
import { isDistributor } from '../../consoles.tsx';
import { fenText, formatAmount, toFen } from '../../format/amount.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../session/router.tsx';
import { useMe } from '../../session/session.tsx';
import { ConsumptionCards } from './consumption-cards.tsx';

/** How many of the most recently associated customers the balance views look at (one batch query). */
const SAMPLE = 100;
const THRESHOLDS = ['100', '1000', '10000'];

interface CustomerBalance {
  customer: CustomerInformation;
  balance: CustomerBalancesV2;
  fen: bigint;
}

/** The partner's morning view: balances, customers, tier-2 resellers, low balances. */
export function DashboardPage() {
  const { t } = useI18n();
  const me = useMe();
  const distributor = isDistributor(me);
  const balances = useAsync(() => listPartnerBalances(), []);
  const counts = useAsync(async () => {
    const [all, referral, resale] = await Promise.all(
      [undefined, '1', '2'].map((association_type) => listSubCustomers({ offset: 0, limit: 1, association_type })),
    );
    return { all: all?.count ?? 0, referral: referral?.count ?? 0, resale: resale?.count ?? 0 };
  }, []);

  const customerBalances = useAsync(async (): Promise<CustomerBalance[]> => {
    const customers = (await listSubCustomers({ offset: 0, limit: SAMPLE })).customer_infos ?? [];
    if (customers.length === 0) return [];
    const found = (await listCustomersBalances(customers.map((c) => c.customer_id ?? ''))).customer_balances ?? [];
    return customers.flatMap((customer) => {
      const balance = found.find((b) => b.customer_id === customer.customer_id);
      const fen = balance?.amount === undefined ? null : toFen(balance.amount);
      return balance && fen !== null ? [{ customer, balance, fen }] : [];
    });
  }, []);

  return (
    <>
      <PageHead title={t('dashboard.title')} />
      <ErrorAlert error={balances.error ?? counts.error} onRetry={() => (balances.reload(), counts.reload())} />
      <BalanceCards balances={balances.data?.account_balances} loading={balances.loading} />
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={8}>
          <Card title={t('dashboard.customersByType')} size="small">
            {counts.data ? (
              <>
                <Statistic title={t('dashboard.customers')} value={counts.data.all} valueRender={(node) => <span data-testid="customer-count">{node}</span>} />
                <Chart testId="customers-chart" height={200} option={customersPie(counts.data, t('dashboard.referral'), t('dashboard.resale'))} />
              </>
            ) : (
              <Skeleton active />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card title={t('dashboard.topCustomers')} size="small">
            <ErrorAlert error={customerBalances.error} onRetry={customerBalances.reload} compact />
            {customerBalances.data ? (
              customerBalances.data.length ? (
                <Chart testId="top-customers-chart" height={260} option={topCustomersBar(customerBalances.data)} />
              ) : (
                <Empty />
              )
            ) : (
              <Skeleton active />
            )}
          </Card>
        </Col>
        <ConsumptionCards names={new Map((customerBalances.data ?? []).map((r) => [r.customer.customer_id ?? '', r.customer.account_name ?? '']))} />
        <Col xs={24} lg={distributor ? 12 : 24}>
          <LowBalances data={customerBalances.data} loading={customerBalances.loading} />
        </Col>
        {distributor && (
          <Col xs={24} lg={12}>
            <ResellerBalances />
          </Col>
        )}
      </Row>
    </>
  );
}

function customersPie(c: { referral: number; resale: number }, referral: string, resale: string): EChartsOption {
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['45%', '70%'],
        label: { formatter: '{b}: {c}' },
        data: [
          { name: referral, value: c.referral },
          { name: resale, value: c.resale },
        ],
      },
    ],
  };
}

function topCustomersBar(rows: CustomerBalance[]): EChartsOption {
  const top = [...rows].sort((a, b) => (a.fen === b.fen ? 0 : a.fen < b.fen ? 1 : -1)).slice(0, 10).reverse();
  return {
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v) => formatAmount(typeof v === 'number' ? v : String(v ?? ''), 'CNY') },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: top.map((r) => r.customer.account_name ?? r.customer.customer_id ?? '') },
    // The chart draws numbers; the labels and tooltips show the exact text.
    series: [{ type: 'bar', data: top.map((r) => r.balance.amount ?? 0), itemStyle: { color: '#1677ff' } }],
  };
}

function LowBalances({ data, loading }: { data: CustomerBalance[] | undefined; loading: boolean }) {
  const { t } = useI18n();
  const [threshold, setThreshold] = useState(THRESHOLDS[0] ?? '100');
  const limit = toFen(threshold) ?? 0n;
  const low = (data ?? []).filter((r) => r.fen < limit).sort((a, b) => (a.fen === b.fen ? 0 : a.fen < b.fen ? -1 : 1));
  return (
    <Card
      size="small"
      title={t('dashboard.lowBalances')}
      extra={
        <Select
          size="small"
          value={threshold}
          onChange={setThreshold}
          options={THRESHOLDS.map((v) => ({ value: v, label: `${t('dashboard.threshold')} ${formatAmount(v, 'CNY')}` }))}
        />
      }
    >
      <div className="muted" style={{ marginBottom: 8 }}>
        {t('dashboard.lowBalancesHint', { threshold: formatAmount(fenText(limit), 'CNY'), count: SAMPLE })}
      </div>
      <Table<CustomerBalance>
        size="small"
        loading={loading}
        rowKey={(r) => r.customer.customer_id ?? ''}
        dataSource={low}
        pagination={{ pageSize: 5, hideOnSinglePage: true }}
        locale={{ emptyText: t('dashboard.noLowBalances') }}
        data-testid="low-balances"
        columns={[
          { title: t('customers.accountName'), key: 'name', render: (_, r) => r.customer.account_name },
          { title: t('customers.balance'), key: 'amount', align: 'right', render: (_, r) => <Amount value={r.balance.amount} currency={r.balance.currency} /> },
          { title: t('balance.debt'), key: 'debt', align: 'right', render: (_, r) => <Amount value={r.balance.debt_amount} currency={r.balance.currency} /> },
        ]}
      />
    </Card>
  );
}

/** The first ten tier-2 resellers and their cash; one balance query each, with progress. */
function ResellerBalances() {
  const { t } = useI18n();
  const [progress, setProgress] = useState({ done: 0, total: 0 });
  const data = useAsync(async () => {
    const r = await listIndirectPartners({ offset: 0, limit: 10 });
    const resellers = r.indirect_partners ?? [];
    setProgress({ done: 0, total: resellers.length });
    const rows = await Promise.all(
      resellers.map(async (p) => {
        const b = (await listPartnerBalances(p.indirect_partner_id)).account_balances ?? [];
        setProgress((s) => ({ ...s, done: s.done + 1 }));
        return { name: p.account_name ?? '', cash: b.find((x) => x.account_type === 1)?.amount ?? 0 };
      }),
    );
    return { count: r.count ?? 0, rows };
  }, []);
  const option: EChartsOption | null = data.data
    ? {
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', valueFormatter: (v) => formatAmount(typeof v === 'number' ? v : String(v ?? ''), 'CNY') },
        xAxis: { type: 'category', data: data.data.rows.map((r) => r.name) },
        yAxis: { type: 'value' },
        series: [{ type: 'bar', data: data.data.rows.map((r) => r.cash), itemStyle: { color: '#13c2c2' } }],
      }
    : null;
  return (
    <Card size="small" title={t('dashboard.resellerBalances')} extra={<Link to="/resellers">{t('nav.resellers')}</Link>}>
      <ErrorAlert error={data.error} onRetry={data.reload} compact />
      {data.loading && progress.total > 0 && (
        <Progress percent={Math.round((progress.done / progress.total) * 100)} size="small" format={() => t('dashboard.loadingBalances', progress)} />
      )}
      {data.data && (
        <>
          <Statistic title={t('dashboard.resellers')} value={data.data.count} valueRender={(node) => <span data-testid="reseller-count">{node}</span>} />
          {option && data.data.rows.length > 0 ? <Chart testId="reseller-chart" height={220} option={option} /> : <Empty />}
        </>
      )}
      {!data.data && !data.error && <Skeleton active />}
    </Card>
  );
}
