import { useState } from 'react';
import { Alert, App, Button, Form, Input, Select } from 'antd';
import { addUser } from '../../api/operator.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

interface UserForm {
  name: string;
  password: string;
  role: 'partner_operator' | 'member';
}

/** Adds a console user to an account (the operator plane has no user list yet). */
export function UsersTab({ accountId, accountName }: { accountId: string; accountName: string | undefined }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (v: UserForm) => {
    setBusy(true);
    setError(null);
    try {
      const u = await addUser(accountId, { name: v.name.trim(), password: v.password, role: v.role });
      message.success(t('users.added', { name: u.name }));
      form.resetFields();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ maxWidth: 480 }}>
      <Alert type="info" showIcon title={t('users.hint')} description={accountName ? `${t('signIn.accountName')}: ${accountName}` : undefined} style={{ marginBottom: 16 }} />
      <ErrorAlert error={error} compact />
      <Form<UserForm> form={form} layout="vertical" onFinish={submit} initialValues={{ role: 'partner_operator' }}>
        <Form.Item name="name" label={t('users.name')} rules={[{ required: true, message: t('common.required') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="password" label={t('users.password')} rules={[{ required: true, min: 8, message: t('common.required') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')}>
          <Select
            options={[
              { value: 'partner_operator', label: t('users.partner_operator') },
              { value: 'member', label: t('users.member') },
            ]}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('users.add')}
        </Button>
      </Form>
    </div>
  );
}
