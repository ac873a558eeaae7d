import { useState } from 'react';
import { Alert, App, Button, Descriptions, Form, Input, InputNumber, Modal, Radio, Select, Space, Spin, Switch, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ReloadOutlined } from '@ant-design/icons';
import { cancelAutoRenew, enableAutoRenew, listResources, previewUnsubscribe, renewResources, unsubscribeResources } from '../../api/orders.ts';
import { ApiError } from '../../api/client.ts';
import type { OrderInstanceV2 } from '../../api/contract.ts';
import { Amount } from '../../components/amount.tsx';
import { ErrorAlert, errorText } from '../../components/errors.tsx';
import { newIdempotencyKey } from '../../components/idempotency.ts';
import { PageHead } from '../../components/page.tsx';
import { testIdProps } from '../../components/test-id.ts';
import { useAsync } from '../../components/use-async.ts';
import { useServerList } from '../../components/use-server-list.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { navigate } from '../../session/router.tsx';
import { RESOURCE_STATUS_COLORS } from '../shared/order-labels.ts';

const STATUSES = [2, 5, 4, 3];

/** The customer's yearly/monthly resources: renew, auto-renew, unsubscribe (with the refund preview). */
export function ResourcesPage() {
  const { t, tOr, date } = useI18n();
  const { message } = App.useApp();
  const [status, setStatus] = useState<number | undefined>(undefined);
  const [renewing, setRenewing] = useState<OrderInstanceV2 | null>(null);
  const [unsubscribing, setUnsubscribing] = useState<OrderInstanceV2 | null>(null);
  const [toggling, setToggling] = useState<string | null>(null);
  const list = useServerList<OrderInstanceV2>(
    async (offset, limit) => {
      const r = await listResources({ offset, limit, only_main_resource: 1, ...(status !== undefined ? { status_list: [status] } : {}) });
      return { rows: r.data ?? [], total: r.total_count ?? 0 };
    },
    [status],
  );

  const toggleAutoRenew = async (r: OrderInstanceV2, on: boolean) => {
    const id = r.resource_id ?? r.id ?? '';
    setToggling(id);
    try {
      if (on) await enableAutoRenew(id, {});
      else await cancelAutoRenew(id);
      message.success(t(on ? 'resources.autoRenewOn' : 'resources.autoRenewOff', { name: r.resource_name || id }));
      list.reload();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setToggling(null);
    }
  };

  const columns: ColumnsType<OrderInstanceV2> = [
    { title: t('resources.name'), key: 'name', render: (_, r) => <>{r.resource_name || '—'}<div className="muted id-text">{r.resource_id}</div></> },
    { title: t('orders.product'), key: 'product', render: (_, r) => <>{r.service_type_name ?? r.service_type_code}<div className="muted">{r.product_spec_desc ?? r.resource_spec_code}</div></> },
    { title: t('tickets.region'), key: 'region', dataIndex: 'region_code' },
    { title: t('common.status'), key: 'status', render: (_, r) => <Tag color={RESOURCE_STATUS_COLORS[r.status ?? 0] ?? 'default'} data-testid="resource-status">{tOr(`resourceStatus.${r.status}`, String(r.status))}</Tag> },
    { title: t('resources.effective'), key: 'effective', render: (_, r) => date(r.effective_time) },
    { title: t('resources.expires'), key: 'expires', render: (_, r) => <span data-testid="resource-expiry">{date(r.expire_time)}</span> },
    {
      title: t('resources.autoRenew'),
      key: 'autorenew',
      render: (_, r) => (
        <Switch
          size="small"
          checked={r.expire_policy === 3}
          loading={toggling === (r.resource_id ?? r.id)}
          disabled={r.status !== 2}
          onChange={(on) => void toggleAutoRenew(r, on)}
          data-testid="auto-renew"
        />
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, r) =>
        r.status === 3 ? null : (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => setRenewing(r)} data-testid="renew">
              {t('resources.renew')}
            </Button>
            <Button type="link" size="small" danger onClick={() => setUnsubscribing(r)} data-testid="unsubscribe">
              {t('resources.unsubscribe')}
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <>
      <PageHead title={t('resources.title')} />
      <div className="toolbar">
        <Select<number | undefined>
          style={{ width: 180 }}
          value={status}
          onChange={setStatus}
          options={[{ value: undefined, label: `${t('common.status')}: ${t('common.all')}` }, ...STATUSES.map((s) => ({ value: s, label: tOr(`resourceStatus.${s}`, String(s)) }))]}
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          {t('common.refresh')}
        </Button>
      </div>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<OrderInstanceV2> rowKey={(r) => r.resource_id ?? r.id ?? ''} columns={columns} dataSource={list.rows} loading={list.loading} pagination={list.pagination} scroll={{ x: 'max-content' }} data-testid="resources-table" />
      {renewing && <RenewDialog resource={renewing} onClose={() => setRenewing(null)} onDone={list.reload} />}
      {unsubscribing && <UnsubscribeDialog resource={unsubscribing} onClose={() => setUnsubscribing(null)} onDone={list.reload} />}
    </>
  );
}

function RenewDialog({ resource, onClose, onDone }: { resource: OrderInstanceV2; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ periodType: 2 | 3; periodNum: number; autoPay: boolean }>();
  const periodType = Form.useWatch('periodType', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [key] = useState(newIdempotencyKey);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      const r = await renewResources({ resource_ids: [resource.resource_id ?? ''], period_type: v.periodType, period_num: v.periodNum, is_auto_pay: v.autoPay ? 1 : 0 }, key);
      const failed = r.fail_resource_infos ?? [];
      if (failed.length) setError(new Error(failed.map((f) => `${f.error_msg ?? ''} (${f.error_code ?? ''})`).join('; ')));
      if (r.order_ids?.length) {
        message.success(t(v.autoPay && !failed.length ? 'resources.renewedPaid' : 'resources.renewOrdered', { id: r.order_ids.join(', ') }));
        onDone();
        if (!failed.length) {
          onClose();
          if (!v.autoPay) navigate('/orders');
        }
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`${t('resources.renew')} · ${resource.resource_name || resource.resource_id || ''}`} onCancel={onClose} onOk={submit} confirmLoading={busy} okText={t('resources.renew')} cancelText={t('common.cancel')} okButtonProps={testIdProps('renew-submit')}>
      <ErrorAlert error={error} compact />
      <Form form={form} layout="vertical" initialValues={{ periodType: 2, periodNum: 1, autoPay: true }}>
        <Space size="large" wrap>
          <Form.Item name="periodType" label={t('orders.periodUnit')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 2, label: t('orders.unit.month') },
                { value: 3, label: t('orders.unit.year') },
              ]}
            />
          </Form.Item>
          <Form.Item name="periodNum" label={t('orders.periodNum')}>
            <InputNumber min={1} max={periodType === 3 ? 3 : 11} precision={0} />
          </Form.Item>
        </Space>
        <Form.Item name="autoPay" label={t('resources.payNow')} valuePropName="checked" extra={t('resources.payNowHint')}>
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The refund preview: this server's extension, when it offers one; the refund itself follows docs/orders.md either way. */
function RefundPreview({ resourceId }: { resourceId: string }) {
  const { t } = useI18n();
  const preview = useAsync(() => previewUnsubscribe({ resource_ids: [resourceId], unsubscribe_type: 1 }), [resourceId]);
  if (preview.loading) return <Spin size="small" />;
  if (preview.error) {
    const missing = preview.error instanceof ApiError && (preview.error.status === 404 || preview.error.status === 501);
    return missing ? <Alert type="info" showIcon title={t('resources.noPreview')} data-testid="refund-preview-missing" /> : <ErrorAlert error={preview.error} compact />;
  }
  const entries = Object.entries(preview.data ?? {}).filter(([, v]) => typeof v === 'number' || typeof v === 'string');
  return (
    <Descriptions bordered size="small" column={1} data-testid="refund-preview" title={t('resources.refundPreview')}>
      {entries.map(([k, v]) => (
        <Descriptions.Item key={k} label={k}>
          {/amount|refund|fee|consumed/.test(k) ? <Amount value={v as number | string} currency="CNY" /> : String(v)}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

function UnsubscribeDialog({ resource, onClose, onDone }: { resource: OrderInstanceV2; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [key] = useState(newIdempotencyKey);
  const id = resource.resource_id ?? '';
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await unsubscribeResources({ resource_ids: [id], unsubscribe_type: 1, unsubscribe_reason_type: 5, ...(reason.trim() ? { unsubscribe_reason: reason.trim() } : {}) }, key);
      const failed = r.fail_resource_infos ?? [];
      if (failed.length) {
        setError(new Error(failed.map((f) => `${f.error_msg ?? ''} (${f.error_code ?? ''})`).join('; ')));
        setBusy(false);
        return;
      }
      message.success(t('resources.unsubscribed', { id: (r.order_ids ?? []).join(', ') }));
      onDone();
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`${t('resources.unsubscribe')} · ${resource.resource_name || id}`}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={t('resources.unsubscribe')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, ...testIdProps('unsubscribe-submit') }}
    >
      <ErrorAlert error={error} compact />
      <Alert type="warning" showIcon title={t('resources.unsubscribeWarning')} style={{ marginBottom: 12 }} />
      <RefundPreview resourceId={id} />
      <Form layout="vertical" style={{ marginTop: 12 }}>
        <Form.Item label={t('resources.reason')}>
          <Input.TextArea rows={2} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
