import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Select, Typography } from 'antd';
import { LockOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { demoCredentials, type DemoCredentials } from '../api/auth.ts';
import { errorText } from '../components/errors.tsx';
import { LanguageSwitch } from '../components/preferences.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';

interface SignInForm {
  userName: string;
  accountName: string;
  password: string;
}

/** User name + account (domain) name + password, as IAM's password method takes them. */
export function SignIn() {
  const { t } = useI18n();
  const { signIn, expired } = useSession();
  const [form] = Form.useForm<SignInForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [demo, setDemo] = useState<DemoCredentials | null>(null);

  useEffect(() => {
    // Only a sandbox with demo data answers; elsewhere the list simply does not appear.
    demoCredentials().then(setDemo, () => setDemo(null));
  }, []);

  const submit = async (v: SignInForm) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(v.userName.trim(), v.accountName.trim(), v.password);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <div className="sign-in">
      <div className="sign-in-lang">
        <LanguageSwitch />
      </div>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('app.name')} · {t('signIn.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('signIn.subtitle')}</Typography.Paragraph>
        {expired && <Alert type="warning" showIcon title={t('app.sessionExpired')} style={{ marginBottom: 16 }} />}
        {error !== null && <Alert type="error" showIcon data-testid="sign-in-error" title={t('signIn.failed')} description={errorText(error)} style={{ marginBottom: 16 }} />}
        {demo && (
          <Form.Item label={t('signIn.demo')} layout="vertical">
            <Select
              data-testid="demo-users"
              placeholder={t('signIn.demoPlaceholder')}
              options={demo.actors.map((a) => ({ value: a.key, label: `${a.user_name}${a.user_name !== a.account_name ? ` @ ${a.account_name}` : ''} · ${a.role}` }))}
              onChange={(key: string) => {
                const a = demo.actors.find((x) => x.key === key);
                if (a) form.setFieldsValue({ userName: a.user_name, accountName: a.account_name, password: demo.password });
              }}
            />
          </Form.Item>
        )}
        <Form<SignInForm> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="userName" label={t('signIn.userName')} rules={[{ required: true, message: t('common.required') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" data-testid="user-name" />
          </Form.Item>
          <Form.Item name="accountName" label={t('signIn.accountName')} tooltip={t('signIn.accountHint')} rules={[{ required: true, message: t('common.required') }]}>
            <Input prefix={<TeamOutlined />} autoComplete="organization" data-testid="account-name" />
          </Form.Item>
          <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('common.required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="sign-in">
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
