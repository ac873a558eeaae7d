import { useEffect, useState } from 'react';
import { App, Button, Form, Input, Modal, Radio, Space } from 'antd';
import { createSubCustomer, sendRegistrationCode } from '../../api/partner.ts';
import type { CreateCustomerV2Req } from '../../api/contract.ts';
import { ErrorAlert, errorText } from '../../components/errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { ResellerSelect } from './reseller-select.tsx';
import { testIdProps } from '../../components/test-id.ts';

interface CreateForm {
  domain_name?: string;
  xaccount_id: string;
  xaccount_type: string;
  mobile_phone?: string;
  verification_code?: string;
  password?: string;
  cooperation_type: '1' | '2';
}

const RESEND_SECONDS = 60;

/**
 * create_sub_customer. A mobile phone needs the registration code the partner asked to be sent
 * (send_verification_message_code); in the sandbox the code lands in the operator's outbox.
 */
export function CreateCustomerDialog({
  open,
  onClose,
  onCreated,
  platformHint,
  distributor,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
  /** A platform identifier the partner used before, offered as the default. */
  platformHint?: string;
  distributor: boolean;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateForm>();
  const [busy, setBusy] = useState(false);
  const [sending, setSending] = useState(false);
  const [countdown, setCountdown] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [reseller, setReseller] = useState<string | undefined>(undefined);

  useEffect(() => {
    if (countdown <= 0) return;
    const timer = window.setTimeout(() => setCountdown((c) => c - 1), 1000);
    return () => window.clearTimeout(timer);
  }, [countdown]);

  const sendCode = async () => {
    const phone = (form.getFieldValue('mobile_phone') as string | undefined)?.trim();
    if (!phone) {
      await form.validateFields(['mobile_phone']).catch(() => null);
      return;
    }
    setSending(true);
    try {
      await sendRegistrationCode(phone, locale === 'zh' ? 'zh-cn' : 'en-us');
      message.success(t('customers.codeSent', { phone }));
      setCountdown(RESEND_SECONDS);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setSending(false);
    }
  };

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    const req: CreateCustomerV2Req = {
      xaccount_id: v.xaccount_id.trim(),
      xaccount_type: v.xaccount_type.trim(),
      cooperation_type: v.cooperation_type,
      ...(v.domain_name?.trim() ? { domain_name: v.domain_name.trim() } : {}),
      ...(v.mobile_phone?.trim() ? { mobile_phone: v.mobile_phone.trim(), verification_code: v.verification_code?.trim() } : {}),
      ...(v.password ? { password: v.password } : {}),
      ...(reseller ? { indirect_partner_id: reseller } : {}),
    };
    try {
      const created = await createSubCustomer(req);
      message.success(t('customers.created', { name: created.domain_name ?? '' }));
      form.resetFields();
      onCreated();
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('customers.create')}
      onCancel={onClose}
      onOk={submit}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      width={560}
      okButtonProps={testIdProps('create-customer-submit')}
    >
      <ErrorAlert error={error} compact />
      <Form<CreateForm> form={form} layout="vertical" preserve={false} initialValues={{ cooperation_type: '2', xaccount_type: platformHint ?? '' }}>
        <Form.Item name="domain_name" label={t('customers.domainName')} extra={t('customers.domainNameHint')}>
          <Input autoComplete="off" data-testid="new-domain-name" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="xaccount_type" label={t('customers.xaccountType')} rules={[{ required: true, message: t('common.required') }]} style={{ width: '45%' }}>
            <Input autoComplete="off" data-testid="new-xaccount-type" />
          </Form.Item>
          <Form.Item name="xaccount_id" label={t('customers.xaccountId')} rules={[{ required: true, message: t('common.required') }]} style={{ width: '55%' }}>
            <Input autoComplete="off" data-testid="new-xaccount-id" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="cooperation_type" label={t('customers.cooperation')}>
          <Radio.Group
            options={[
              { value: '2', label: t('association.2') },
              { value: '1', label: t('association.1') },
            ]}
          />
        </Form.Item>
        {distributor && (
          <Form.Item label={t('customers.forReseller')}>
            <ResellerSelect value={reseller} onChange={setReseller} />
          </Form.Item>
        )}
        <Form.Item label={t('customers.mobile')} extra={t('common.optional')}>
          <Space.Compact block>
            <Form.Item name="mobile_phone" noStyle>
              <Input autoComplete="off" inputMode="tel" data-testid="new-mobile" />
            </Form.Item>
            <Button onClick={sendCode} loading={sending} disabled={countdown > 0} data-testid="send-code">
              {countdown > 0 ? t('customers.resendIn', { seconds: countdown }) : t('customers.sendCode')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item
          noStyle
          shouldUpdate={(a, b) => a.mobile_phone !== b.mobile_phone}
        >
          {() =>
            (form.getFieldValue('mobile_phone') as string | undefined)?.trim() ? (
              <Form.Item name="verification_code" label={t('customers.code')} rules={[{ required: true, message: t('common.required') }]}>
                <Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} data-testid="new-code" />
              </Form.Item>
            ) : null
          }
        </Form.Item>
        <Form.Item name="password" label={t('customers.password')} extra={t('common.optional')}>
          <Input.Password autoComplete="new-password" data-testid="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
