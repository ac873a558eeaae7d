import { useMemo, useState } from 'react';
import { Alert, App, Button, Descriptions, Drawer, Form, Input, Modal, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined, ReloadOutlined, RedoOutlined } from '@ant-design/icons';
import {
  createSubscription,
  deleteSubscription,
  DELIVERY_STATUSES,
  listDeliveries,
  listSubscriptions,
  replayDelivery,
  showDelivery,
  WEBHOOK_EVENT_PATTERNS,
  WEBHOOK_EVENT_TYPES,
  type CreatedWebhookSubscription,
  type DeliveryStatus,
  type WebhookAttempt,
  type WebhookDelivery,
  type WebhookSubscription,
} from '../../api/webhooks.ts';
import { ErrorAlert, errorText } from '../../components/errors.tsx';
import { secretItem, SecretOnceModal } from '../../components/secret-once.tsx';
import { PageHead } from '../../components/page.tsx';
import { testIdProps } from '../../components/test-id.ts';
import { useAsync } from '../../components/use-async.ts';
import { useServerList } from '../../components/use-server-list.ts';
import { useI18n } from '../../i18n/i18n.tsx';

const STATUS_COLORS: Record<DeliveryStatus, string> = { pending: 'processing', succeeded: 'success', failed: 'error' };

/** Webhooks: the partner's subscriptions (the secret shown once) and the delivery log with replay. */
export function WebhooksPage() {
  const { t } = useI18n();
  const subs = useAsync(() => listSubscriptions().then((r) => r.subscriptions), []);
  const [tab, setTab] = useState('subscriptions');
  const [subscriptionFilter, setSubscriptionFilter] = useState<string | undefined>(undefined);
  return (
    <>
      <PageHead title={t('webhooks.title')} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'subscriptions',
            label: t('webhooks.subscriptions'),
            children: (
              <SubscriptionsTab
                subs={subs.data ?? []}
                loading={subs.loading}
                error={subs.error}
                reload={subs.reload}
                onShowDeliveries={(id) => {
                  setSubscriptionFilter(id);
                  setTab('deliveries');
                }}
              />
            ),
          },
          {
            key: 'deliveries',
            label: t('webhooks.deliveries'),
            children: <DeliveriesTab subs={subs.data ?? []} subscriptionId={subscriptionFilter} onSubscriptionChange={setSubscriptionFilter} />,
          },
        ]}
      />
    </>
  );
}

function SubscriptionsTab({
  subs,
  loading,
  error,
  reload,
  onShowDeliveries,
}: {
  subs: WebhookSubscription[];
  loading: boolean;
  error: unknown;
  reload: () => void;
  onShowDeliveries: (id: string) => void;
}) {
  const { t, date } = useI18n();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedWebhookSubscription | null>(null);

  const remove = async (id: string) => {
    try {
      await deleteSubscription(id);
      message.success(t('webhooks.deleted', { id }));
      reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const columns: ColumnsType<WebhookSubscription> = [
    { title: t('common.id'), key: 'id', render: (_, s) => <Typography.Text copyable>{s.id}</Typography.Text> },
    { title: t('webhooks.url'), key: 'url', render: (_, s) => <span className="secret-box">{s.url}</span> },
    {
      title: t('webhooks.eventTypes'),
      key: 'types',
      render: (_, s) => (
        <Space size={[0, 4]} wrap>
          {s.event_types.map((e) => (
            <Tag key={e}>{e}</Tag>
          ))}
        </Space>
      ),
    },
    { title: t('webhooks.description'), key: 'description', render: (_, s) => s.description ?? <span className="muted">—</span> },
    { title: t('common.createdAt'), key: 'created', render: (_, s) => date(s.created_at) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, s) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => onShowDeliveries(s.id)} data-testid="subscription-deliveries">
            {t('webhooks.showDeliveries')}
          </Button>
          <Popconfirm
            title={t('webhooks.deleteConfirm')}
            okText={t('webhooks.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true, ...testIdProps('confirm-delete-subscription') }}
            onConfirm={() => remove(s.id)}
          >
            <Button type="link" size="small" danger data-testid="delete-subscription">
              {t('webhooks.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <div className="toolbar">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-subscription">
          {t('webhooks.create')}
        </Button>
        <Button icon={<ReloadOutlined />} onClick={reload}>
          {t('common.refresh')}
        </Button>
      </div>
      <ErrorAlert error={error} onRetry={reload} />
      <Table<WebhookSubscription> rowKey="id" columns={columns} dataSource={subs} loading={loading} pagination={{ pageSize: 10, hideOnSinglePage: true }} scroll={{ x: 'max-content' }} data-testid="subscriptions-table" />
      {creating && (
        <CreateDialog
          onClose={() => setCreating(false)}
          onCreated={(s) => {
            setCreating(false);
            setCreated(s);
            reload();
          }}
        />
      )}
      {created && <SecretOnce created={created} onDone={() => setCreated(null)} />}
    </>
  );
}

interface CreateForm {
  url: string;
  event_types: string[];
  description?: string;
}

function CreateDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (s: CreatedWebhookSubscription) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<CreateForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const options = useMemo(
    () => [
      { label: t('webhooks.eventGroups'), options: WEBHOOK_EVENT_PATTERNS.map((p) => ({ value: p, label: p === '*' ? t('webhooks.everyEvent') : p })) },
      { label: t('webhooks.eventNames'), options: WEBHOOK_EVENT_TYPES.map((e) => ({ value: e, label: e })) },
    ],
    [t],
  );
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      onCreated(await createSubscription({ url: v.url.trim(), event_types: v.event_types, ...(v.description?.trim() ? { description: v.description.trim() } : {}) }));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('webhooks.create')}
      onCancel={onClose}
      onOk={submit}
      okText={t('webhooks.createSubmit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      width={620}
      okButtonProps={testIdProps('create-subscription-submit')}
    >
      <ErrorAlert error={error} compact />
      <Form<CreateForm> form={form} layout="vertical" preserve={false} initialValues={{ event_types: [] }}>
        <Form.Item
          name="url"
          label={t('webhooks.url')}
          extra={t('webhooks.urlHint')}
          rules={[
            { required: true, message: t('common.required') },
            { pattern: /^https?:\/\/\S+$/i, message: t('webhooks.urlInvalid') },
          ]}
        >
          <Input maxLength={2048} placeholder="https://" data-testid="subscription-url" />
        </Form.Item>
        <Form.Item name="event_types" label={t('webhooks.eventTypes')} extra={t('webhooks.eventTypesHint')} rules={[{ required: true, type: 'array', min: 1, message: t('common.required') }]}>
          <Select mode="multiple" options={options} allowClear showSearch={{ optionFilterProp: 'value' }} maxCount={50} data-testid="subscription-event-types" />
        </Form.Item>
        <Form.Item name="description" label={`${t('webhooks.description')} (${t('common.optional')})`}>
          <Input maxLength={255} data-testid="subscription-description" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The signing secret, shown this once: closing the dialog removes it from the page. */
function SecretOnce({ created, onDone }: { created: CreatedWebhookSubscription; onDone: () => void }) {
  const { t } = useI18n();
  return (
    <SecretOnceModal title={t('webhooks.created')} warning={t('webhooks.secretOnce')} description={t('webhooks.secretHowTo')} onDone={onDone}>
      <Descriptions.Item label={t('common.id')}>{created.id}</Descriptions.Item>
      <Descriptions.Item label={t('webhooks.url')}>{created.url}</Descriptions.Item>
      {secretItem(t('webhooks.secret'), created.secret, 'subscription-secret')}
    </SecretOnceModal>
  );
}

function DeliveriesTab({ subs, subscriptionId, onSubscriptionChange }: { subs: WebhookSubscription[]; subscriptionId: string | undefined; onSubscriptionChange: (id: string | undefined) => void }) {
  const { t, date } = useI18n();
  const [status, setStatus] = useState<DeliveryStatus | undefined>(undefined);
  const [eventType, setEventType] = useState<string | undefined>(undefined);
  const [open, setOpen] = useState<string | null>(null);
  const list = useServerList<WebhookDelivery>(
    async (offset, limit) => {
      const r = await listDeliveries({ offset, limit, status, event_type: eventType, subscription_id: subscriptionId });
      return { rows: r.deliveries, total: r.total_count };
    },
    [status, eventType, subscriptionId],
    { pageSize: 20 },
  );
  const urlOf = (id: string) => subs.find((s) => s.id === id)?.url;

  const columns: ColumnsType<WebhookDelivery> = [
    { title: t('common.createdAt'), key: 'created', render: (_, d) => date(d.created_at) },
    {
      title: t('webhooks.delivery'),
      key: 'id',
      render: (_, d) => (
        <Button type="link" size="small" onClick={() => setOpen(d.id)} data-testid="open-delivery">
          {d.id}
        </Button>
      ),
    },
    { title: t('webhooks.eventType'), key: 'type', render: (_, d) => <Tag>{d.event_type}</Tag> },
    {
      title: t('webhooks.subscription'),
      key: 'sub',
      render: (_, d) => (
        <>
          {d.subscription_id}
          {urlOf(d.subscription_id) ? <div className="muted">{urlOf(d.subscription_id)}</div> : <div className="muted">{t('webhooks.subscriptionDeleted')}</div>}
        </>
      ),
    },
    { title: t('common.status'), key: 'status', render: (_, d) => <DeliveryStatusTag status={d.status} /> },
    { title: t('webhooks.attempts'), key: 'attempts', dataIndex: 'attempts', align: 'right' },
    { title: t('webhooks.lastResult'), key: 'last', render: (_, d) => <LastResult code={d.last_status_code} error={d.last_error} /> },
    { title: t('webhooks.nextAttempt'), key: 'next', render: (_, d) => date(d.next_attempt_at) },
    { title: t('webhooks.succeededAt'), key: 'ok', render: (_, d) => date(d.succeeded_at) },
  ];

  return (
    <>
      <div className="toolbar">
        <Select<DeliveryStatus | undefined>
          style={{ width: 180 }}
          value={status}
          onChange={setStatus}
          allowClear
          placeholder={`${t('common.status')}: ${t('common.all')}`}
          data-testid="delivery-status-filter"
          options={DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`webhooks.status.${s}`) }))}
        />
        <Select<string | undefined>
          style={{ width: 260 }}
          value={eventType}
          onChange={setEventType}
          showSearch
          allowClear
          placeholder={`${t('webhooks.eventType')}: ${t('common.all')}`}
          data-testid="delivery-event-filter"
          options={WEBHOOK_EVENT_TYPES.map((e) => ({ value: e, label: e }))}
        />
        <Select<string | undefined>
          style={{ width: 320 }}
          value={subscriptionId}
          onChange={onSubscriptionChange}
          allowClear
          placeholder={`${t('webhooks.subscription')}: ${t('common.all')}`}
          data-testid="delivery-subscription-filter"
          popupMatchSelectWidth={false}
          options={subs.map((s) => ({ value: s.id, label: `${s.id} · ${s.url}` }))}
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload} data-testid="deliveries-refresh">
          {t('common.refresh')}
        </Button>
      </div>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<WebhookDelivery> rowKey="id" columns={columns} dataSource={list.rows} loading={list.loading} pagination={list.pagination} scroll={{ x: 'max-content' }} data-testid="deliveries-table" />
      <DeliveryDrawer id={open} onClose={() => setOpen(null)} onChanged={list.reload} />
    </>
  );
}

function DeliveryStatusTag({ status }: { status: DeliveryStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="delivery-status">
      {t(`webhooks.status.${status}`)}
    </Tag>
  );
}

function LastResult({ code, error }: { code: number | null; error: string | null }) {
  if (code === null && !error) return <span className="muted">—</span>;
  return (
    <>
      {code !== null && <Tag color={code >= 200 && code < 300 ? 'success' : 'error'}>HTTP {code}</Tag>}
      {error && <span className="muted">{error}</span>}
    </>
  );
}

function DeliveryDrawer({ id, onClose, onChanged }: { id: string | null; onClose: () => void; onChanged: () => void }) {
  const { t, date } = useI18n();
  const { message } = App.useApp();
  const detail = useAsync(async () => (id ? showDelivery(id) : null), [id]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const d = detail.data;

  const replay = async () => {
    if (!id) return;
    setBusy(true);
    setError(null);
    try {
      await replayDelivery(id);
      message.success(t('webhooks.replayed', { id }));
      detail.reload();
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const columns: ColumnsType<WebhookAttempt> = [
    { title: '#', key: 'n', dataIndex: 'attempt', align: 'right' },
    { title: t('webhooks.cause'), key: 'cause', render: (_, a) => t(`webhooks.cause.${a.cause}`) },
    { title: t('webhooks.startedAt'), key: 'at', render: (_, a) => date(a.started_at) },
    { title: t('webhooks.duration'), key: 'ms', align: 'right', render: (_, a) => t('webhooks.ms', { ms: a.duration_ms }) },
    { title: t('webhooks.result'), key: 'result', render: (_, a) => <Tag color={a.succeeded ? 'success' : 'error'}>{a.succeeded ? t('webhooks.attemptOk') : t('webhooks.attemptFailed')}</Tag> },
    { title: t('webhooks.lastResult'), key: 'code', render: (_, a) => <LastResult code={a.status_code} error={a.error} /> },
  ];

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size="large"
      title={`${t('webhooks.delivery')} ${id ?? ''}`}
      destroyOnHidden
      extra={
        <Space>
          <Button
            icon={<ReloadOutlined />}
            onClick={() => {
              detail.reload();
              onChanged();
            }}
          >
            {t('common.refresh')}
          </Button>
          <Popconfirm title={t('webhooks.replayConfirm')} okText={t('webhooks.replay')} cancelText={t('common.cancel')} okButtonProps={testIdProps('confirm-replay')} onConfirm={replay}>
            <Button type="primary" icon={<RedoOutlined />} loading={busy} disabled={!d || d.status === 'pending'} data-testid="replay-delivery">
              {t('webhooks.replay')}
            </Button>
          </Popconfirm>
        </Space>
      }
    >
      <ErrorAlert error={detail.error} onRetry={detail.reload} />
      <ErrorAlert error={error} compact />
      {d && d.status === 'pending' && <Alert type="info" showIcon title={t('webhooks.pendingHint')} className="error-alert" />}
      {d && (
        <>
          <Descriptions column={2} bordered size="small" data-testid="delivery-details">
            <Descriptions.Item label={t('common.status')}>
              <DeliveryStatusTag status={d.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('webhooks.eventType')}>{d.event_type}</Descriptions.Item>
            <Descriptions.Item label={t('webhooks.eventId')}>{d.event_id}</Descriptions.Item>
            <Descriptions.Item label={t('webhooks.subscription')}>{d.subscription_id}</Descriptions.Item>
            <Descriptions.Item label={t('webhooks.attempts')}>{d.attempts}</Descriptions.Item>
            <Descriptions.Item label={t('webhooks.nextAttempt')}>{date(d.next_attempt_at)}</Descriptions.Item>
            <Descriptions.Item label={t('common.createdAt')}>{date(d.created_at)}</Descriptions.Item>
            <Descriptions.Item label={t('webhooks.succeededAt')}>{date(d.succeeded_at)}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('webhooks.attemptLog')}
          </Typography.Title>
          <Table<WebhookAttempt> rowKey="attempt" size="small" columns={columns} dataSource={d.attempt_log} pagination={false} scroll={{ x: 'max-content' }} data-testid="delivery-attempts" />
        </>
      )}
    </Drawer>
  );
}
