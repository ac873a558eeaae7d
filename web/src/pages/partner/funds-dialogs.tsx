import { useEffect, useState } from 'react';
import { App, Form, Modal } from 'antd';
import { allocateToCustomer, allocateToReseller, reclaimFromCustomer, reclaimFromReseller } from '../../api/partner.ts';
import { AmountField, amountOf } from '../../components/amount-field.tsx';
import { CustomerPicker } from '../../components/customer-picker.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { newIdempotencyKey } from '../../components/idempotency.ts';
import { ApiError } from '../../api/client.ts';
import { formatAmount } from '../../format/amount.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { testIdProps } from '../../components/test-id.ts';

export type FundsDirection = 'allocate' | 'reclaim';

interface CustomerFundsForm {
  customerId: string;
  amount: string;
}

/**
 * One key per intended move: made when the dialog opens, kept when the answer was lost (so a retry
 * is the same request), renewed after the server answered.
 */
function useMoveKey(open: boolean): [string, (e?: unknown) => void] {
  const [key, setKey] = useState(newIdempotencyKey);
  useEffect(() => {
    if (open) setKey(newIdempotencyKey());
  }, [open]);
  const settle = (e?: unknown) => {
    if (!(e instanceof ApiError && e.status === 0)) setKey(newIdempotencyKey());
  };
  return [key, settle];
}

/** Allocate to (adjust-amount) or reclaim from (reclaim) a customer. */
export function CustomerFundsDialog({
  direction,
  open,
  onClose,
  onDone,
  customer,
  indirectPartnerId,
}: {
  direction: FundsDirection;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
  customer?: { id: string; name: string };
  indirectPartnerId?: string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CustomerFundsForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [key, settle] = useMoveKey(open);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      const amount = amountOf(v.amount);
      const req = { customer_id: v.customerId, amount, ...(indirectPartnerId ? { indirect_partner_id: indirectPartnerId } : {}) };
      if (direction === 'allocate') {
        const r = await allocateToCustomer(req, key);
        message.success(t('funds.allocated', { amount: formatAmount(v.amount.trim(), 'CNY'), id: r.transfer_id ?? '' }));
      } else {
        const r = await reclaimFromCustomer(req, key);
        message.success(t('funds.reclaimed', { amount: formatAmount(v.amount.trim(), 'CNY'), id: r.trans_id ?? '' }));
      }
      form.resetFields();
      settle();
      onDone();
      onClose();
    } catch (e) {
      settle(e);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t(direction === 'allocate' ? 'funds.allocate' : 'funds.reclaim')}
      onCancel={onClose}
      onOk={submit}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={testIdProps('funds-submit')}
    >
      <ErrorAlert error={error} compact />
      <Form<CustomerFundsForm> form={form} layout="vertical" preserve={false} initialValues={{ customerId: customer?.id }}>
        <Form.Item name="customerId" label={t('funds.customer')} rules={[{ required: true, message: t('common.required') }]}>
          <CustomerPicker indirectPartnerId={indirectPartnerId} initial={customer} />
        </Form.Item>
        <AmountField name="amount" label={t('funds.amount')} testId="funds-amount" />
      </Form>
    </Modal>
  );
}

/** Allocate to or reclaim from a tier-2 reseller (distributors only). */
export function ResellerFundsDialog({
  direction,
  reseller,
  onClose,
  onDone,
}: {
  direction: FundsDirection;
  reseller: { id: string; name: string } | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ amount: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [key, settle] = useMoveKey(reseller !== null);

  const submit = async () => {
    if (!reseller) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      const amount = amountOf(v.amount);
      if (direction === 'allocate') {
        const r = await allocateToReseller({ indirect_partner_id: reseller.id, amount }, key);
        message.success(t('funds.allocated', { amount: formatAmount(v.amount.trim(), 'CNY'), id: r.transfer_id ?? '' }));
      } else {
        const r = await reclaimFromReseller({ indirect_partner_id: reseller.id, amount }, key);
        message.success(t('funds.reclaimed', { amount: formatAmount(v.amount.trim(), 'CNY'), id: r.trans_id ?? '' }));
      }
      settle();
      onDone();
      onClose();
    } catch (e) {
      settle(e);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={reseller !== null}
      title={`${t(direction === 'allocate' ? 'funds.allocateReseller' : 'funds.reclaimReseller')} · ${reseller?.name ?? ''}`}
      onCancel={onClose}
      onOk={submit}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={testIdProps('funds-submit')}
    >
      <ErrorAlert error={error} compact />
      <Form form={form} layout="vertical" preserve={false}>
        <AmountField name="amount" label={t('funds.amount')} testId="funds-amount" />
      </Form>
    </Modal>
  );
}
