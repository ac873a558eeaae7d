import { useState } from 'react';
import { App, Button, Form, Input, Modal, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client.ts';
import { grantCreditLine, listCreditLines, listTopUps, recordTopUp, type CreditLine, type TopUp } from '../../api/operator.ts';
import { Amount } from '../../components/amount.tsx';
import { AmountField, amountOf } from '../../components/amount-field.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { newIdempotencyKey } from '../../components/idempotency.ts';
import { useServerList } from '../../components/use-server-list.ts';
import { formatAmount } from '../../format/amount.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { testIdProps } from '../../components/test-id.ts';

/** A partner's recorded remittances (top-ups), newest first, and recording a new one. */
export function TopUpsTab({ partnerId }: { partnerId: string }) {
  const { t, date } = useI18n();
  const [open, setOpen] = useState(false);
  const list = useServerList<TopUp>(async (offset, limit) => ({ rows: (await listTopUps(partnerId, { offset, limit })).top_ups, total: null }), [partnerId], { countless: true });
  const columns: ColumnsType<TopUp> = [
    { title: t('common.time'), key: 'time', render: (_, r) => date(r.created_at) },
    { title: t('common.amount'), key: 'amount', align: 'right', render: (_, r) => <Amount value={r.amount} currency="CNY" /> },
    { title: t('topUps.designated'), key: 'designated', align: 'right', render: (_, r) => <Amount value={r.designated_amount} currency="CNY" /> },
    { title: t('common.memo'), key: 'memo', render: (_, r) => r.memo ?? '—' },
    { title: t('common.id'), key: 'id', dataIndex: 'id' },
  ];
  return (
    <>
      <div className="toolbar">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="record-top-up">
          {t('topUps.record')}
        </Button>
      </div>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<TopUp> rowKey="id" columns={columns} dataSource={list.rows} loading={list.loading} pagination={list.pagination} scroll={{ x: 'max-content' }} data-testid="top-ups-table" />
      {open && (
        <MoneyDialog
          title={t('topUps.record')}
          withDesignated
          onClose={() => setOpen(false)}
          send={async (v, key) => {
            const r = await recordTopUp(partnerId, { amount: v.amount, ...(v.designated !== undefined ? { designated_amount: v.designated } : {}), ...(v.memo ? { memo: v.memo } : {}) }, key);
            list.reload();
            return t('topUps.recorded', { amount: formatAmount(r.amount, 'CNY') });
          }}
        />
      )}
    </>
  );
}

/** A partner's credit-line grants, newest first, and granting more. */
export function CreditLinesTab({ partnerId }: { partnerId: string }) {
  const { t, date } = useI18n();
  const [open, setOpen] = useState(false);
  const list = useServerList<CreditLine>(
    async (offset, limit) => ({ rows: (await listCreditLines(partnerId, { offset, limit })).credit_lines, total: null }),
    [partnerId],
    { countless: true },
  );
  const columns: ColumnsType<CreditLine> = [
    { title: t('common.time'), key: 'time', render: (_, r) => date(r.created_at) },
    { title: t('common.amount'), key: 'amount', align: 'right', render: (_, r) => <Amount value={r.amount} currency="CNY" /> },
    { title: t('common.memo'), key: 'memo', render: (_, r) => r.memo ?? '—' },
    { title: t('common.id'), key: 'id', dataIndex: 'id' },
  ];
  return (
    <>
      <div className="toolbar">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="grant-credit">
          {t('credit.grant')}
        </Button>
      </div>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<CreditLine> rowKey="id" columns={columns} dataSource={list.rows} loading={list.loading} pagination={list.pagination} scroll={{ x: 'max-content' }} data-testid="credit-lines-table" />
      {open && (
        <MoneyDialog
          title={t('credit.grant')}
          onClose={() => setOpen(false)}
          send={async (v, key) => {
            const r = await grantCreditLine(partnerId, { amount: v.amount, ...(v.memo ? { memo: v.memo } : {}) }, key);
            list.reload();
            return t('credit.granted', { amount: formatAmount(r.amount, 'CNY') });
          }}
        />
      )}
    </>
  );
}

interface MoneyValues {
  amount: number;
  designated?: number;
  memo?: string;
}

/** Amount (+ designated part) + memo, sent once per idempotency key made when the dialog opened. */
function MoneyDialog({
  title,
  withDesignated = false,
  onClose,
  send,
}: {
  title: string;
  withDesignated?: boolean;
  onClose: () => void;
  send: (v: MoneyValues, idempotencyKey: string) => Promise<string>;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ amount: string; designated?: string; memo?: string }>();
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      const designated = v.designated?.trim() ? amountOf(v.designated) : undefined;
      message.success(await send({ amount: amountOf(v.amount), designated, memo: v.memo?.trim() || undefined }, key));
      onClose();
    } catch (e) {
      // A lost answer keeps the key (a retry is the same request); an answer renews it.
      if (!(e instanceof ApiError && e.status === 0)) setKey(newIdempotencyKey());
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Modal open title={title} onCancel={onClose} onOk={submit} confirmLoading={busy} okText={t('common.submit')} cancelText={t('common.cancel')} okButtonProps={testIdProps('money-submit')}>
      <ErrorAlert error={error} compact />
      <Form form={form} layout="vertical">
        <AmountField name="amount" label={t('funds.amount')} testId="money-amount" />
        {withDesignated && <AmountField name="designated" label={t('topUps.designated')} required={false} extra={t('topUps.designatedHint')} />}
        <Form.Item name="memo" label={t('common.memo')}>
          <Input maxLength={255} autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
