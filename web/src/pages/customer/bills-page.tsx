import { useState } from 'react';
import { Card, Col, Row, Statistic, Table, Tabs } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { listFeeRecords, showMonthlySum } from '../../api/bills.ts';
import type { BillSumRecordInfoV2, MonthlyBillRecord } from '../../api/contract.ts';
import { Amount } from '../../components/amount.tsx';
import { ApiProblem } from '../../components/not-available.tsx';
import { PageHead } from '../../components/page.tsx';
import { useServerList } from '../../components/use-server-list.ts';
import { formatAmount } from '../../format/amount.ts';
import { currentCycle } from '../../format/cycle.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { CycleSelect, ExportButtons } from '../partner/bills-page.tsx';

type Totals = { consume?: number; cash?: number; credit?: number; coupon?: number; debt?: number; currency?: string };

/** The customer's bills: the month's sums by service (show_customer_monthly_sum) and its fee records. */
export function CustomerBillsPage() {
  const { t } = useI18n();
  const [cycle, setCycle] = useState(currentCycle());
  const [totals, setTotals] = useState<Totals | null>(null);
  return (
    <>
      <PageHead title={t('bills.title')} extra={<ExportButtons cycle={cycle} />} />
      <div className="toolbar">
        <CycleSelect value={cycle} onChange={setCycle} />
      </div>
      {totals && (
        <Row gutter={[16, 16]} className="stat-grid" style={{ marginBottom: 16 }} data-testid="bill-totals">
          {(
            [
              ['bills.consumed', totals.consume],
              ['bills.cash', totals.cash],
              ['bills.credit', totals.credit],
              ['bills.coupon', totals.coupon],
              ['balance.debt', totals.debt],
            ] as const
          ).map(([k, v]) => (
            <Col key={k} xs={12} lg={4}>
              <Card size="small">
                <Statistic title={t(k)} value={formatAmount(v, totals.currency ?? 'CNY')} formatter={() => <Amount value={v} currency={totals.currency ?? 'CNY'} />} />
              </Card>
            </Col>
          ))}
        </Row>
      )}
      <Tabs
        items={[
          { key: 'sums', label: t('bills.monthlySums'), children: <Sums cycle={cycle} onTotals={setTotals} /> },
          { key: 'records', label: t('bills.feeRecords'), children: <Records cycle={cycle} /> },
        ]}
      />
    </>
  );
}

function Sums({ cycle, onTotals }: { cycle: string; onTotals: (t: Totals | null) => void }) {
  const { t, tOr } = useI18n();
  const list = useServerList<BillSumRecordInfoV2>(
    async (offset, limit) => {
      try {
        const r = await showMonthlySum({ bill_cycle: cycle, offset, limit });
        onTotals({ consume: r.consume_amount, cash: r.cash_amount, credit: r.credit_amount, coupon: r.coupon_amount, debt: r.debt_amount, currency: r.currency });
        return { rows: r.bill_sums ?? [], total: r.total_count ?? 0 };
      } catch (e) {
        onTotals(null);
        throw e;
      }
    },
    [cycle],
  );
  const columns: ColumnsType<BillSumRecordInfoV2> = [
    { title: t('orders.service'), key: 'service', render: (_, b) => b.service_type_name ?? b.service_type_code ?? '—' },
    { title: t('bills.resourceType'), key: 'resource', render: (_, b) => b.resource_type_name ?? b.resource_type_code ?? '—' },
    { title: t('bills.chargeMode'), key: 'mode', render: (_, b) => tOr(`chargeMode.${b.charging_mode}`, String(b.charging_mode ?? '—')) },
    { title: t('bills.billType'), key: 'type', render: (_, b) => tOr(`billType.${b.bill_type}`, String(b.bill_type ?? '—')) },
    { title: t('orders.official'), key: 'official', align: 'right', render: (_, b) => <Amount value={b.official_amount} currency="CNY" /> },
    { title: t('bills.discount'), key: 'discount', align: 'right', render: (_, b) => <Amount value={b.official_discount_amount} currency="CNY" /> },
    { title: t('bills.consumed'), key: 'consume', align: 'right', render: (_, b) => <Amount value={b.consume_amount} currency="CNY" /> },
    { title: t('bills.cash'), key: 'cash', align: 'right', render: (_, b) => <Amount value={b.cash_amount} currency="CNY" /> },
    { title: t('bills.coupon'), key: 'coupon', align: 'right', render: (_, b) => <Amount value={b.coupon_amount} currency="CNY" /> },
  ];
  return (
    <>
      <ApiProblem error={list.error} onRetry={list.reload} what="show_customer_monthly_sum" />
      <Table<BillSumRecordInfoV2>
        rowKey={(b) => `${b.service_type_code ?? ''}|${b.resource_type_code ?? ''}|${b.charging_mode ?? ''}|${b.bill_type ?? ''}`}
        columns={columns}
        dataSource={list.rows}
        loading={list.loading}
        pagination={list.pagination}
        scroll={{ x: 'max-content' }}
        data-testid="bill-sums"
      />
    </>
  );
}

function Records({ cycle }: { cycle: string }) {
  const { t, tOr, date } = useI18n();
  const list = useServerList<MonthlyBillRecord>(
    async (offset, limit) => {
      const r = await listFeeRecords({ bill_cycle: cycle, offset, limit });
      return { rows: r.records ?? [], total: r.total_count ?? 0 };
    },
    [cycle],
  );
  const columns: ColumnsType<MonthlyBillRecord> = [
    { title: t('bills.tradeTime'), key: 'time', render: (_, r) => date(r.trade_time) },
    { title: t('bills.tradeId'), key: 'trade', dataIndex: 'trade_id' },
    { title: t('bills.billType'), key: 'type', render: (_, r) => tOr(`billType.${r.bill_type}`, String(r.bill_type ?? '—')) },
    { title: t('orders.service'), key: 'service', render: (_, r) => r.service_type_name ?? r.service_type_code ?? '—' },
    { title: t('orders.official'), key: 'official', align: 'right', render: (_, r) => <Amount value={r.official_amount} currency="CNY" /> },
    { title: t('bills.discount'), key: 'discount', align: 'right', render: (_, r) => <Amount value={r.official_discount_amount} currency="CNY" /> },
    { title: t('bills.consumed'), key: 'consume', align: 'right', render: (_, r) => <Amount value={r.consume_amount} currency="CNY" /> },
    { title: t('bills.cash'), key: 'cash', align: 'right', render: (_, r) => <Amount value={r.cash_amount} currency="CNY" /> },
    { title: t('bills.coupon'), key: 'coupon', align: 'right', render: (_, r) => <Amount value={r.coupon_amount} currency="CNY" /> },
  ];
  return (
    <>
      <ApiProblem error={list.error} onRetry={list.reload} what="list_customer_bills_fee_records" />
      <Table<MonthlyBillRecord>
        rowKey={(r) => r.id ?? `${r.trade_id ?? ''}|${r.bill_type ?? ''}|${r.trade_time ?? ''}`}
        columns={columns}
        dataSource={list.rows}
        loading={list.loading}
        pagination={list.pagination}
        scroll={{ x: 'max-content' }}
        data-testid="bill-records"
      />
    </>
  );
}
