import { useState } from 'react';
import { App, Button, Select, Space, Table, Tabs } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { exportBills, listSubCustomerBillDetail, listSubCustomerMonthlyBills, type ExportFormat } from '../../api/bills.ts';
import type { BillSumInfoV2, SubCustomerMonthlyBillDetail } from '../../api/contract.ts';
import { Amount } from '../../components/amount.tsx';
import { CustomerPicker } from '../../components/customer-picker.tsx';
import { errorText } from '../../components/errors.tsx';
import { ApiProblem } from '../../components/not-available.tsx';
import { PageHead } from '../../components/page.tsx';
import { useServerList } from '../../components/use-server-list.ts';
import { currentCycle, recentCycles } from '../../format/cycle.ts';
import { useI18n } from '../../i18n/i18n.tsx';

export function CycleSelect({ value, onChange }: { value: string; onChange: (c: string) => void }) {
  const { t } = useI18n();
  const cycles = recentCycles(currentCycle(), 12).reverse();
  return (
    <Select
      style={{ width: 180 }}
      value={value}
      onChange={onChange}
      data-testid="bill-cycle"
      options={cycles.map((c) => ({ value: c, label: `${t('bills.cycle')}: ${c}` }))}
    />
  );
}

export function ExportButtons({ cycle, customerId }: { cycle: string; customerId?: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const run = async (format: ExportFormat) => {
    setBusy(format);
    try {
      await exportBills({ bill_cycle: cycle, format, customer_id: customerId });
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space>
      {(['csv', 'xlsx'] as const).map((f) => (
        <Button key={f} icon={<DownloadOutlined />} loading={busy === f} onClick={() => void run(f)} data-testid={`export-${f}`}>
          {t('bills.export', { format: f.toUpperCase() })}
        </Button>
      ))}
    </Space>
  );
}

/** The partner's bills: customers' monthly sums and a customer's fee records, by cycle. */
export function BillsPage() {
  const { t } = useI18n();
  const [cycle, setCycle] = useState(currentCycle());
  const [customer, setCustomer] = useState<string | undefined>(undefined);
  const [tab, setTab] = useState('sums');
  return (
    <>
      <PageHead title={t('bills.title')} extra={<ExportButtons cycle={cycle} customerId={customer} />} />
      <div className="toolbar">
        <CycleSelect value={cycle} onChange={setCycle} />
        <div style={{ width: 300 }}>
          <CustomerPicker value={customer} onChange={(id: string) => (setCustomer(id), setTab('details'))} testId="bill-customer" />
        </div>
        {customer && <Button onClick={() => setCustomer(undefined)}>{t('orders.allCustomers')}</Button>}
      </div>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'sums', label: t('bills.monthlySums'), children: <MonthlySums cycle={cycle} customer={customer} /> },
          { key: 'details', label: t('bills.feeRecords'), children: <FeeRecords cycle={cycle} customer={customer} /> },
        ]}
      />
    </>
  );
}

function MonthlySums({ cycle, customer }: { cycle: string; customer?: string }) {
  const { t, tOr } = useI18n();
  const [chargeMode, setChargeMode] = useState('1');
  const list = useServerList<BillSumInfoV2>(
    async (offset, limit) => {
      const r = await listSubCustomerMonthlyBills({ cycle, charge_mode: chargeMode, customer_id: customer, offset, limit });
      return { rows: r.bill_sums ?? [], total: r.count ?? 0 };
    },
    [cycle, chargeMode, customer],
  );
  const columns: ColumnsType<BillSumInfoV2> = [
    { title: t('orders.customer'), key: 'customer', dataIndex: 'customer_id' },
    { title: t('orders.service'), key: 'service', render: (_, b) => b.cloud_service_type_name ?? b.cloud_service_type ?? '—' },
    { title: t('bills.resourceType'), key: 'resource', render: (_, b) => b.resource_type_name ?? b.resource_type_code ?? '—' },
    { title: t('bills.billType'), key: 'type', render: (_, b) => tOr(`billType.${b.bill_type}`, b.bill_type ?? '—') },
    { title: t('bills.amount'), key: 'amount', align: 'right', render: (_, b) => <Amount value={b.amount} currency="CNY" /> },
    { title: t('bills.discount'), key: 'discount', align: 'right', render: (_, b) => <Amount value={b.discount_amount} currency="CNY" /> },
    { title: t('balance.debt'), key: 'debt', align: 'right', render: (_, b) => <Amount value={b.debt_amount} currency="CNY" /> },
  ];
  return (
    <>
      <div className="toolbar">
        <Select
          style={{ width: 200 }}
          value={chargeMode}
          onChange={setChargeMode}
          options={['1', '3'].map((m) => ({ value: m, label: `${t('bills.chargeMode')}: ${t(m === '1' ? 'chargeMode.1' : 'chargeMode.3')}` }))}
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          {t('common.refresh')}
        </Button>
      </div>
      <ApiProblem error={list.error} onRetry={list.reload} what="list_subcustomer_monthly_bills" />
      <Table<BillSumInfoV2>
        rowKey={(b) => `${b.customer_id ?? ''}|${b.cloud_service_type ?? ''}|${b.resource_type_code ?? ''}|${b.bill_type ?? ''}`}
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

function FeeRecords({ cycle, customer }: { cycle: string; customer?: string }) {
  const { t, tOr, date } = useI18n();
  const list = useServerList<SubCustomerMonthlyBillDetail>(
    async (offset, limit) => {
      if (!customer) return { rows: [], total: 0 };
      const r = await listSubCustomerBillDetail({ bill_cycle: cycle, customer_id: customer, offset, limit });
      return { rows: r.fee_records ?? [], total: r.total_count ?? 0 };
    },
    [cycle, customer],
  );
  const columns: ColumnsType<SubCustomerMonthlyBillDetail> = [
    { title: t('bills.tradeTime'), key: 'time', render: (_, r) => date(r.trade_time) },
    { title: t('bills.tradeId'), key: 'trade', dataIndex: 'trade_id' },
    { title: t('bills.billType'), key: 'type', render: (_, r) => tOr(`billType.${r.bill_detail_type}`, String(r.bill_detail_type ?? '—')) },
    { title: t('orders.service'), key: 'service', render: (_, r) => r.service_type_name ?? r.service_type_code ?? '—' },
    { title: t('bills.resource'), key: 'resource', render: (_, r) => r.resource_name || r.resource_id || '—' },
    { title: t('orders.official'), key: 'official', align: 'right', render: (_, r) => <Amount value={r.official_amount} currency="CNY" /> },
    { title: t('bills.discount'), key: 'discount', align: 'right', render: (_, r) => <Amount value={r.official_discount_amount} currency="CNY" /> },
    { title: t('bills.paid'), key: 'paid', align: 'right', render: (_, r) => <Amount value={r.payment_amount} currency="CNY" /> },
    { title: t('bills.cash'), key: 'cash', align: 'right', render: (_, r) => <Amount value={r.cash_amount} currency="CNY" /> },
    { title: t('bills.coupon'), key: 'coupon', align: 'right', render: (_, r) => <Amount value={r.coupon_amount} currency="CNY" /> },
  ];
  return (
    <>
      {!customer && <div className="muted" style={{ marginBottom: 12 }}>{t('bills.pickCustomer')}</div>}
      <ApiProblem error={list.error} onRetry={list.reload} what="list_sub_customer_bill_detail" />
      <Table<SubCustomerMonthlyBillDetail>
        rowKey={(r) => r.id ?? `${r.trade_id ?? ""}|${r.resource_id ?? ""}|${r.bill_detail_type ?? ""}`}
        columns={columns}
        dataSource={list.rows}
        loading={list.loading && !!customer}
        pagination={list.pagination}
        scroll={{ x: 'max-content' }}
        data-testid="bill-records"
      />
    </>
  );
}
