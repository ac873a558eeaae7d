import { useState } from 'react';
import { App, Button, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { KeyOutlined } from '@ant-design/icons';
import { issueAccessKey, listAccessKeys, revokeAccessKey, type AccessKeyInfo, type IssuedAccessKey } from '../../api/operator.ts';
import { ErrorAlert, errorText } from '../../components/errors.tsx';
import { secretItem, SecretOnceModal } from '../../components/secret-once.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { testIdProps } from '../../components/test-id.ts';

/**
 * An account's access keys. The list API returns them all (an account has a handful), so this
 * table pages locally. A new key's secret is shown once, in the dialog that issued it.
 */
export function AccessKeysTab({ accountId }: { accountId: string }) {
  const { t, date } = useI18n();
  const { message } = App.useApp();
  const keys = useAsync(() => listAccessKeys(accountId), [accountId]);
  const [issuing, setIssuing] = useState(false);
  const [issued, setIssued] = useState<IssuedAccessKey | null>(null);

  const revoke = async (access: string) => {
    try {
      await revokeAccessKey(access);
      message.success(t('keys.revoked', { access }));
      keys.reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const columns: ColumnsType<AccessKeyInfo> = [
    { title: t('keys.access'), key: 'access', render: (_, k) => <Typography.Text code copyable>{k.access}</Typography.Text> },
    { title: t('keys.description'), key: 'description', dataIndex: 'description' },
    { title: t('keys.userId'), key: 'user', dataIndex: 'user_id' },
    {
      title: t('common.status'),
      key: 'status',
      render: (_, k) => (k.status === 'active' ? <Tag color="green">{t('keys.active')}</Tag> : <Tag>{t('keys.revokedStatus')}</Tag>),
    },
    { title: t('common.createdAt'), key: 'created', render: (_, k) => date(k.created_at) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, k) =>
        k.status === 'active' ? (
          <Popconfirm
            title={t('keys.revokeConfirm', { access: k.access })}
            okText={t('keys.revoke')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true, ...testIdProps('confirm-revoke') }}
            onConfirm={() => revoke(k.access)}
          >
            <Button danger type="link" size="small" data-testid={`revoke-${k.access}`}>
              {t('keys.revoke')}
            </Button>
          </Popconfirm>
        ) : (
          date(k.revoked_at)
        ),
    },
  ];

  return (
    <>
      <div className="toolbar">
        <Button type="primary" icon={<KeyOutlined />} onClick={() => setIssuing(true)} data-testid="issue-key">
          {t('keys.issue')}
        </Button>
      </div>
      <ErrorAlert error={keys.error} onRetry={keys.reload} />
      <Table<AccessKeyInfo> rowKey="access" columns={columns} dataSource={keys.data?.access_keys ?? []} loading={keys.loading} pagination={{ pageSize: 10, hideOnSinglePage: true }} scroll={{ x: 'max-content' }} data-testid="keys-table" />
      {issuing && (
        <IssueKeyDialog
          accountId={accountId}
          onClose={() => setIssuing(false)}
          onIssued={(k) => {
            setIssuing(false);
            setIssued(k);
            keys.reload();
          }}
        />
      )}
      {issued && <SecretOnce issued={issued} onDone={() => setIssued(null)} />}
    </>
  );
}

/** The new key's secret, shown this once; closing the dialog removes it from the page. */
function SecretOnce({ issued, onDone }: { issued: IssuedAccessKey; onDone: () => void }) {
  const { t } = useI18n();
  return (
    <SecretOnceModal title={t('keys.issued')} warning={t('keys.secretOnce')} onDone={onDone}>
      {secretItem(t('keys.access'), issued.access, 'issued-access')}
      {secretItem(t('keys.secret'), issued.secret, 'issued-secret')}
    </SecretOnceModal>
  );
}

function IssueKeyDialog({ accountId, onClose, onIssued }: { accountId: string; onClose: () => void; onIssued: (k: IssuedAccessKey) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ user_name?: string; description?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      onIssued(
        await issueAccessKey(accountId, {
          ...(v.user_name?.trim() ? { user_name: v.user_name.trim() } : {}),
          ...(v.description?.trim() ? { description: v.description.trim() } : {}),
        }),
      );
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('keys.issue')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={t('keys.issue')}
      cancelText={t('common.cancel')}
      okButtonProps={testIdProps('issue-key-submit')}
    >
      <ErrorAlert error={error} compact />
      <Form form={form} layout="vertical">
        <Form.Item name="user_name" label={t('keys.userName')} extra={t('keys.userNameHint')}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="description" label={t('keys.description')}>
          <Input autoComplete="off" maxLength={255} data-testid="key-description" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
