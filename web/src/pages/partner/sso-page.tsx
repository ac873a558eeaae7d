import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Popconfirm, Skeleton, Space, Table, Tag, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DeleteOutlined, FileAddOutlined, ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client.ts';
import { deleteSsoAccess, getSsoAccess, MAX_METADATA_BYTES, NO_SSO_CONFIG, putSsoAccess, type SsoAccessConfig, type SsoAccessConfigInput, type SsoCertificate } from '../../api/sso.ts';
import { ErrorAlert, errorText } from '../../components/errors.tsx';
import { PageHead } from '../../components/page.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useI18n } from '../../i18n/i18n.tsx';

interface SettingsForm {
  xaccount_type?: string;
  bind_callback_url?: string;
  payment_return_url?: string;
}

interface PickedFile {
  name: string;
  size: number;
  text: string;
}

const URL_RE = /^https?:\/\/\S+$/i;

/** The login URL without its query, and the pattern a partner's platform fills in. */
function loginPattern(loginUrl: string, xaccountType: string): { base: string; pattern: string } {
  const base = loginUrl.split('?')[0] ?? loginUrl;
  return { base, pattern: `${base}?xAccountType=${encodeURIComponent(xaccountType)}&isFirstLogin={true|false}&service={URL-encoded target}` };
}

/**
 * Single sign-on from the partner's own platform: the IdP metadata upload (which yields the
 * platform identifier, xaccount_type), the binding-result callback and payment return URLs, and
 * what the partner configures on its side (our SP metadata, the login URL).
 */
export function SsoPage() {
  const { t } = useI18n();
  const config = useAsync(async () => {
    try {
      return await getSsoAccess();
    } catch (e) {
      if (e instanceof ApiError && e.code === NO_SSO_CONFIG) return null;
      throw e;
    }
  }, []);

  return (
    <>
      <PageHead
        title={t('sso.title')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={config.reload}>
            {t('common.refresh')}
          </Button>
        }
      />
      <ErrorAlert error={config.error} onRetry={config.reload} />
      {config.loading && config.data === undefined && <Skeleton active />}
      {config.data !== undefined && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          {config.data === null ? (
            <Alert type="info" showIcon data-testid="sso-not-configured" title={t('sso.notConfigured')} description={t('sso.notConfiguredHint')} />
          ) : (
            <ConfigView config={config.data} onRemoved={config.reload} />
          )}
          <SettingsCard config={config.data} onSaved={config.reload} />
          {config.data && <PlatformSideCard config={config.data} />}
        </Space>
      )}
    </>
  );
}

function ConfigView({ config, onRemoved }: { config: SsoAccessConfig; onRemoved: () => void }) {
  const { t, date } = useI18n();
  const { message } = App.useApp();
  const remove = async () => {
    try {
      await deleteSsoAccess();
      message.success(t('sso.removed'));
      onRemoved();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const certColumns: ColumnsType<SsoCertificate> = [
    { title: t('sso.certSubject'), key: 'subject', dataIndex: 'subject' },
    { title: t('sso.certNotAfter'), key: 'notAfter', render: (_, c) => date(c.not_after) },
    { title: t('sso.certFingerprint'), key: 'fp', render: (_, c) => <Typography.Text className="secret-box" copyable>{c.sha256_fingerprint}</Typography.Text> },
  ];
  return (
    <Card
      title={t('sso.current')}
      size="small"
      extra={
        <Popconfirm title={t('sso.removeConfirm')} okText={t('sso.remove')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={remove}>
          <Button danger size="small" icon={<DeleteOutlined />} data-testid="sso-remove">
            {t('sso.remove')}
          </Button>
        </Popconfirm>
      }
    >
      <Descriptions column={1} bordered size="small" data-testid="sso-config">
        <Descriptions.Item label={t('sso.platformId')}>
          <Typography.Text strong copyable={{ text: config.xaccount_type }} data-testid="sso-xaccount-type">
            {config.xaccount_type}
          </Typography.Text>
          <div className="muted">{t('sso.platformIdHint')}</div>
        </Descriptions.Item>
        <Descriptions.Item label={t('sso.idpEntityId')}>
          <span data-testid="sso-idp-entity-id">{config.idp_entity_id}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('sso.idpSsoUrl')}>{config.idp_sso_url}</Descriptions.Item>
        <Descriptions.Item label={t('sso.metadataSha256')}>
          <span className="secret-box">{config.metadata_sha256}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('sso.bindCallbackUrl')}>{config.bind_callback_url ?? <span className="muted">{t('common.none')}</span>}</Descriptions.Item>
        <Descriptions.Item label={t('sso.paymentReturnUrl')}>{config.payment_return_url ?? <span className="muted">{t('common.none')}</span>}</Descriptions.Item>
        <Descriptions.Item label={t('sso.updatedAt')}>{date(config.updated_at)}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('sso.certificates')}
      </Typography.Title>
      <Table<SsoCertificate> rowKey="sha256_fingerprint" size="small" columns={certColumns} dataSource={config.idp_certificates} pagination={false} scroll={{ x: 'max-content' }} data-testid="sso-certificates" />
    </Card>
  );
}

/** The upload and the two URLs; the platform identifier may be named on the first upload only. */
function SettingsCard({ config, onSaved }: { config: SsoAccessConfig | null; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<SettingsForm>();
  const [file, setFile] = useState<PickedFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const first = config === null;

  const pick = (f: File) => {
    setError(null);
    if (f.size > MAX_METADATA_BYTES) {
      setFile(null);
      setFileError(t('sso.fileTooLarge', { name: f.name }));
      return;
    }
    setFileError(null);
    void f.text().then(
      (text) => setFile({ name: f.name, size: f.size, text }),
      (e: unknown) => setFileError(errorText(e)),
    );
  };

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    if (first && !file) {
      setFileError(t('sso.metadataRequired'));
      return;
    }
    const url = (s: string | undefined) => (s?.trim() ? s.trim() : null);
    const input: SsoAccessConfigInput = {
      ...(file ? { idp_metadata: file.text } : {}),
      ...(first && v.xaccount_type?.trim() ? { xaccount_type: v.xaccount_type.trim() } : {}),
      bind_callback_url: url(v.bind_callback_url),
      payment_return_url: url(v.payment_return_url),
    };
    setBusy(true);
    setError(null);
    try {
      const saved = await putSsoAccess(input);
      message.success(t('sso.saved', { id: saved.xaccount_type }));
      setFile(null);
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={first ? t('sso.setUp') : t('sso.change')} size="small">
      <ErrorAlert error={error} compact />
      <Form<SettingsForm>
        form={form}
        layout="vertical"
        key={config?.updated_at ?? 'new'}
        initialValues={{ bind_callback_url: config?.bind_callback_url ?? '', payment_return_url: config?.payment_return_url ?? '' }}
        style={{ maxWidth: 720 }}
      >
        <Form.Item label={t('sso.metadata')} extra={first ? t('sso.metadataHint') : t('sso.metadataReplaceHint')} required={first}>
          <Space wrap>
            <Upload
              accept=".xml,application/xml,text/xml,application/samlmetadata+xml"
              showUploadList={false}
              beforeUpload={(f) => {
                pick(f);
                return false;
              }}
            >
              <Button icon={<FileAddOutlined />} data-testid="sso-pick-metadata">
                {t('sso.pickMetadata')}
              </Button>
            </Upload>
            {file && (
              <Tag color="blue" closable onClose={() => setFile(null)} data-testid="sso-metadata-file">
                {t('sso.fileChosen', { name: file.name, kb: (file.size / 1024).toFixed(1) })}
              </Tag>
            )}
          </Space>
          {fileError && <Alert type="error" showIcon title={fileError} style={{ marginTop: 8 }} data-testid="sso-file-error" />}
        </Form.Item>
        {first && (
          <Form.Item
            name="xaccount_type"
            label={`${t('sso.platformId')} (${t('common.optional')})`}
            extra={t('sso.platformIdNewHint')}
            rules={[{ pattern: /^[A-Za-z0-9_-]{1,64}$/, message: t('sso.platformIdInvalid') }]}
          >
            <Input maxLength={64} data-testid="sso-xaccount-type-input" />
          </Form.Item>
        )}
        <Form.Item name="bind_callback_url" label={t('sso.bindCallbackUrl')} extra={t('sso.bindCallbackHint')} rules={[{ pattern: URL_RE, message: t('sso.urlInvalid') }]}>
          <Input maxLength={2048} placeholder="https://" data-testid="sso-bind-callback" />
        </Form.Item>
        <Form.Item name="payment_return_url" label={t('sso.paymentReturnUrl')} extra={t('sso.paymentReturnHint')} rules={[{ pattern: URL_RE, message: t('sso.urlInvalid') }]}>
          <Input maxLength={2048} placeholder="https://" data-testid="sso-payment-return" />
        </Form.Item>
        <Button type="primary" icon={<SaveOutlined />} loading={busy} onClick={submit} data-testid="sso-save">
          {first ? t('sso.uploadAndSave') : t('sso.save')}
        </Button>
      </Form>
    </Card>
  );
}

/** What the partner sets up on its own platform: our SP metadata and the login URL. */
function PlatformSideCard({ config }: { config: SsoAccessConfig }) {
  const { t } = useI18n();
  const { base, pattern } = loginPattern(config.login_url, config.xaccount_type);
  const example = `${config.login_url}${encodeURIComponent('/console/')}`;
  return (
    <Card title={t('sso.platformSide')} size="small">
      <Descriptions column={1} bordered size="small" data-testid="sso-platform-side">
        <Descriptions.Item label={t('sso.spMetadata')}>
          <Space orientation="vertical" size={2}>
            <Typography.Link href={config.sp_metadata_url} target="_blank" rel="noopener noreferrer" copyable={{ text: config.sp_metadata_url }} data-testid="sso-sp-metadata">
              {config.sp_metadata_url}
            </Typography.Link>
            <span className="muted">{t('sso.spMetadataHint')}</span>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('sso.loginUrl')}>
          <Space orientation="vertical" size={2}>
            <Typography.Text className="secret-box" copyable={{ text: pattern }} data-testid="sso-login-pattern">
              {pattern}
            </Typography.Text>
            <span className="muted">{t('sso.loginParams')}</span>
            <ul className="muted" style={{ margin: 0, paddingLeft: 20 }}>
              <li>{t('sso.paramXAccountType', { id: config.xaccount_type })}</li>
              <li>{t('sso.paramIsFirstLogin')}</li>
              <li>{t('sso.paramService')}</li>
            </ul>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('sso.loginExample')}>
          <Typography.Text className="secret-box" copyable data-testid="sso-login-example">
            {example}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('sso.acs')}>
          <Typography.Text className="secret-box">{base.replace(/\/login$/, '/acs')}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
