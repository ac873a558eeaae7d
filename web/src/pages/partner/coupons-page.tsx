import { useState } from 'react';
import { App, Button, DatePicker, Form, Input, Modal, Popconfirm, Progress, Segmented, Select, Table, Tabs, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { GiftOutlined, ReloadOutlined } from '@ant-design/icons';
import { issueCoupons, listIssuedCoupons, listQuotas, reclaimCoupons } from '../../api/coupons.ts';
import type { CouponQuotaV2, IQueryUserPartnerCouponsResultV2 } from '../../api/contract.ts';
import { Amount } from '../../components/amount.tsx';
import { AmountField, amountOf } from '../../components/amount-field.tsx';
import { CustomerPicker } from '../../components/customer-picker.tsx';
import { ErrorAlert, errorText } from '../../components/errors.tsx';
import { newIdempotencyKey } from '../../components/idempotency.ts';
import { PageHead } from '../../components/page.tsx';
import { testIdProps } from '../../components/test-id.ts';
import { useAsync } from '../../components/use-async.ts';
import { useServerList } from '../../components/use-server-list.ts';
import { formatAmount } from '../../format/amount.ts';
import { wireInstant } from '../../format/cycle.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { COUPON_STATUS_COLORS } from '../shared/order-labels.ts';

type QuotaType = 0 | 1;

/** Coupon quotas (list_quota_coupons), issuing coupons from them and the coupons issued. */
export function CouponsPage() {
  const { t } = useI18n();
  const [issuing, setIssuing] = useState<CouponQuotaV2 | null | 'pick'>(null);
  const [tick, setTick] = useState(0);
  return (
    <>
      <PageHead
        title={t('coupons.title')}
        extra={
          <Button type="primary" icon={<GiftOutlined />} onClick={() => setIssuing('pick')} data-testid="open-issue-coupons">
            {t('coupons.issue')}
          </Button>
        }
      />
      <Tabs
        items={[
          { key: 'quotas', label: t('coupons.quotas'), children: <QuotasTab tick={tick} onIssue={setIssuing} /> },
          { key: 'issued', label: t('coupons.issued'), children: <IssuedTab tick={tick} onChanged={() => setTick((n) => n + 1)} /> },
        ]}
      />
      {issuing !== null && <IssueDialog quota={issuing === 'pick' ? null : issuing} onClose={() => setIssuing(null)} onDone={() => setTick((n) => n + 1)} />}
    </>
  );
}

function QuotasTab({ tick, onIssue }: { tick: number; onIssue: (q: CouponQuotaV2) => void }) {
  const { t, tOr, date } = useI18n();
  const [quotaType, setQuotaType] = useState<QuotaType>(0);
  const list = useServerList<CouponQuotaV2>(
    async (offset, limit) => {
      const r = await listQuotas({ quota_type: quotaType, offset, limit });
      return { rows: r.quotas ?? [], total: r.total_count ?? 0 };
    },
    [quotaType, tick],
  );
  const columns: ColumnsType<CouponQuotaV2> = [
    { title: t('coupons.quotaId'), key: 'id', dataIndex: 'quota_id' },
    { title: t('coupons.quotaValue'), key: 'value', align: 'right', render: (_, q) => <Amount value={q.quota_value} currency={q.currency} /> },
    { title: t('coupons.quotaBalance'), key: 'balance', align: 'right', render: (_, q) => <Amount value={q.balance} currency={q.currency} /> },
    { title: t('common.status'), key: 'status', render: (_, q) => <Tag color={q.quota_status === 0 ? 'success' : 'default'}>{tOr(`quotaStatus.${q.quota_status}`, String(q.quota_status))}</Tag> },
    { title: t('coupons.validity'), key: 'validity', render: (_, q) => `${date(q.effective_time)} – ${date(q.expire_time)}` },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, q) => (
        <Button type="link" size="small" disabled={q.quota_status !== 0} onClick={() => onIssue(q)} data-testid="issue-from-quota">
          {t('coupons.issue')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <div className="toolbar">
        <Segmented<QuotaType>
          value={quotaType}
          onChange={setQuotaType}
          options={[
            { value: 0, label: t('coupons.voucherQuotas') },
            { value: 1, label: t('coupons.cashQuotas') },
          ]}
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          {t('common.refresh')}
        </Button>
      </div>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<CouponQuotaV2> rowKey={(q) => q.quota_id ?? ''} columns={columns} dataSource={list.rows} loading={list.loading} pagination={list.pagination} scroll={{ x: 'max-content' }} data-testid="quotas-table" />
    </>
  );
}

function IssuedTab({ tick, onChanged }: { tick: number; onChanged: () => void }) {
  const { t, tOr, date } = useI18n();
  const { message } = App.useApp();
  const [customer, setCustomer] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState<number | undefined>(undefined);
  const list = useServerList<IQueryUserPartnerCouponsResultV2>(
    async (offset, limit) => {
      const r = await listIssuedCoupons({ offset, limit, customer_id: customer, status });
      return { rows: r.user_coupons ?? [], total: r.total_count ?? 0 };
    },
    [customer, status, tick],
  );
  const reclaim = async (id: string) => {
    try {
      await reclaimCoupons([id], newIdempotencyKey());
      message.success(t('coupons.reclaimed', { id }));
      onChanged();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const columns: ColumnsType<IQueryUserPartnerCouponsResultV2> = [
    { title: t('coupons.couponId'), key: 'id', dataIndex: 'coupon_id' },
    { title: t('orders.customer'), key: 'customer', dataIndex: 'customer_id' },
    { title: t('coupons.type'), key: 'type', render: (_, c) => tOr(`couponType.${c.coupon_type}`, String(c.coupon_type)) },
    { title: t('coupons.faceValue'), key: 'face', align: 'right', render: (_, c) => <Amount value={c.face_value} currency="CNY" /> },
    { title: t('coupons.balance'), key: 'balance', align: 'right', render: (_, c) => <Amount value={c.balance} currency="CNY" /> },
    { title: t('common.status'), key: 'status', render: (_, c) => <Tag color={COUPON_STATUS_COLORS[c.status ?? 0] ?? 'default'}>{tOr(`couponStatus.${c.status}`, String(c.status))}</Tag> },
    { title: t('coupons.validity'), key: 'validity', render: (_, c) => `${date(c.effective_time)} – ${date(c.expire_time)}` },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, c) =>
        c.status === 1 || c.status === 2 ? (
          <Popconfirm title={t('coupons.reclaimConfirm')} okText={t('coupons.reclaim')} cancelText={t('common.cancel')} onConfirm={() => reclaim(c.coupon_id ?? '')}>
            <Button type="link" size="small" danger>
              {t('coupons.reclaim')}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];
  return (
    <>
      <div className="toolbar">
        <div style={{ width: 280 }}>
          <CustomerPicker value={customer} onChange={setCustomer} />
        </div>
        {customer && <Button onClick={() => setCustomer(undefined)}>{t('orders.allCustomers')}</Button>}
        <Select<number | undefined>
          style={{ width: 160 }}
          value={status}
          onChange={setStatus}
          options={[{ value: undefined, label: `${t('common.status')}: ${t('common.all')}` }, ...[1, 2, 3, 4, 5].map((s) => ({ value: s, label: tOr(`couponStatus.${s}`, String(s)) }))]}
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          {t('common.refresh')}
        </Button>
      </div>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<IQueryUserPartnerCouponsResultV2>
        rowKey={(c) => c.coupon_id ?? ''}
        columns={columns}
        dataSource={list.rows}
        loading={list.loading}
        pagination={list.pagination}
        scroll={{ x: 'max-content' }}
        data-testid="issued-coupons"
      />
    </>
  );
}

interface IssueForm {
  quotaId: string;
  customerIds: string[];
  faceValue: string;
  expire?: Dayjs | null;
  memo?: string;
}

/** create_partner_coupons: one coupon per customer, from one quota (the answer lists failures per customer). */
function IssueDialog({ quota, onClose, onDone }: { quota: CouponQuotaV2 | null; onClose: () => void; onDone: () => void }) {
  const { t, date } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<IssueForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [failures, setFailures] = useState<{ id?: string; error_code?: string; error_msg?: string }[]>([]);
  const [key] = useState(newIdempotencyKey);
  const quotas = useAsync(async () => {
    const [v, c] = await Promise.all([listQuotas({ quota_type: 0, quota_status_list: [0], offset: 0, limit: 100 }), listQuotas({ quota_type: 1, quota_status_list: [0], offset: 0, limit: 100 })]);
    return [...(v.quotas ?? []), ...(c.quotas ?? [])];
  }, []);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    setFailures([]);
    try {
      const r = await issueCoupons(
        {
          quota_id: v.quotaId,
          customer_ids: v.customerIds,
          face_value: amountOf(v.faceValue),
          ...(v.expire ? { expire_time: wireInstant(v.expire.endOf('day').toDate()) } : {}),
          ...(v.memo?.trim() ? { memo: v.memo.trim() } : {}),
        },
        key,
      );
      const issued = r.coupon_infos?.length ?? 0;
      if (r.error_details?.length) setFailures(r.error_details);
      if (issued > 0) message.success(t('coupons.issuedCount', { count: issued, amount: formatAmount(v.faceValue.trim(), 'CNY') }));
      onDone();
      if (!r.error_details?.length) onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('coupons.issue')}
      onCancel={onClose}
      onOk={submit}
      okText={t('coupons.issue')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      width={560}
      okButtonProps={testIdProps('issue-coupons-submit')}
    >
      <ErrorAlert error={error} compact />
      {failures.length > 0 && (
        <ErrorAlert error={new Error(failures.map((f) => `${f.id ?? ''}: ${f.error_msg ?? ''} (${f.error_code ?? ''})`).join('; '))} compact />
      )}
      <Form<IssueForm> form={form} layout="vertical" preserve={false} initialValues={{ quotaId: quota?.quota_id, customerIds: [] }}>
        <Form.Item name="quotaId" label={t('coupons.quota')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            loading={quotas.loading}
            data-testid="issue-quota"
            options={(quotas.data ?? (quota ? [quota] : [])).map((q) => ({
              value: q.quota_id,
              label: `${t(q.quota_type === 1 ? 'coupons.cashQuota' : 'coupons.voucherQuota')} · ${formatAmount(q.balance, q.currency)} · ${date(q.expire_time)}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="customerIds" label={t('coupons.customers')} rules={[{ required: true, type: 'array', min: 1, message: t('common.required') }]}>
          <CustomerPicker multiple testId="issue-customers" />
        </Form.Item>
        <AmountField name="faceValue" label={t('coupons.faceValue')} testId="issue-face-value" />
        <Form.Item name="expire" label={t('coupons.expireOn')} extra={t('coupons.expireHint')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="memo" label={t('common.memo')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
      {busy && <Progress percent={100} status="active" showInfo={false} />}
    </Modal>
  );
}
