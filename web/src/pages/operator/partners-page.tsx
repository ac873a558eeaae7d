import { useState } from 'react';
import { App, Button, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { PartnerType } from '../../api/auth.ts';
import { createPartner, listPartners, type CreatePartnerInput, type Partner } from '../../api/operator.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { PageHead } from '../../components/page.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useServerList } from '../../components/use-server-list.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, navigate } from '../../session/router.tsx';
import { testIdProps } from '../../components/test-id.ts';

const TYPE_COLORS: Record<PartnerType, string> = { solution_provider: 'geekblue', distributor: 'gold', reseller: 'cyan' };
const TYPES: PartnerType[] = ['solution_provider', 'distributor', 'reseller'];

/** Every partner on the platform; create solution providers, distributors and their resellers. */
export function PartnersPage() {
  const { t, date } = useI18n();
  const [type, setType] = useState<PartnerType | ''>('');
  const [creating, setCreating] = useState(false);
  const list = useServerList<Partner>(
    async (offset, limit) => ({ rows: (await listPartners({ offset, limit, partner_type: type || undefined })).partners, total: null }),
    [type],
    { countless: true },
  );
  const columns: ColumnsType<Partner> = [
    {
      title: t('partners.name'),
      key: 'name',
      render: (_, p) => (
        <Link to={`/partners/${encodeURIComponent(p.id)}`} testId="partner-link">
          {p.name}
        </Link>
      ),
    },
    { title: t('partners.displayName'), key: 'display', dataIndex: 'display_name' },
    { title: t('partners.type'), key: 'type', render: (_, p) => <Tag color={TYPE_COLORS[p.partner_type]}>{t(`role.${p.partner_type}`)}</Tag> },
    { title: t('common.id'), key: 'id', render: (_, p) => <Typography.Text copyable>{p.id}</Typography.Text> },
    { title: t('partners.parent'), key: 'parent', render: (_, p) => (p.parent_id ? (list.rows.find((x) => x.id === p.parent_id)?.name ?? p.parent_id) : '—') },
    { title: t('common.createdAt'), key: 'created', render: (_, p) => date(p.created_at) },
  ];
  return (
    <>
      <PageHead
        title={t('partners.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-partner">
            {t('partners.create')}
          </Button>
        }
      />
      <div className="toolbar">
        <Select<PartnerType | ''>
          style={{ width: 220 }}
          value={type}
          onChange={setType}
          options={[{ value: '', label: `${t('partners.typeFilter')}: ${t('common.all')}` }, ...TYPES.map((v) => ({ value: v, label: t(`role.${v}`) }))]}
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          {t('common.refresh')}
        </Button>
      </div>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<Partner> rowKey="id" columns={columns} dataSource={list.rows} loading={list.loading} pagination={list.pagination} scroll={{ x: 'max-content' }} data-testid="partners-table" />
      {creating && <CreatePartnerDialog onClose={() => setCreating(false)} />}
    </>
  );
}

interface CreateForm {
  name: string;
  display_name?: string;
  partner_type: PartnerType;
  parent_id?: string;
}

function CreatePartnerDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateForm>();
  const type = Form.useWatch('partner_type', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const distributors = useAsync(() => listPartners({ partner_type: 'distributor', offset: 0, limit: 100 }), []);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    const input: CreatePartnerInput = {
      name: v.name.trim(),
      partner_type: v.partner_type,
      ...(v.display_name?.trim() ? { display_name: v.display_name.trim() } : {}),
      ...(v.partner_type === 'reseller' && v.parent_id ? { parent_id: v.parent_id } : {}),
    };
    try {
      const p = await createPartner(input);
      message.success(t('partners.created', { name: p.name }));
      onClose();
      navigate(`/partners/${encodeURIComponent(p.id)}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('partners.create')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={testIdProps('create-partner-submit')}
    >
      <ErrorAlert error={error} compact />
      <Form<CreateForm> form={form} layout="vertical" initialValues={{ partner_type: 'distributor' }}>
        <Form.Item name="partner_type" label={t('partners.type')} rules={[{ required: true }]}>
          <Select data-testid="new-partner-type" options={TYPES.map((v) => ({ value: v, label: t(`role.${v}`) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('partners.name')} extra={t('partners.nameHint')} rules={[{ required: true, message: t('common.required') }]}>
          <Input autoComplete="off" data-testid="new-partner-name" />
        </Form.Item>
        <Form.Item name="display_name" label={t('partners.displayName')}>
          <Input autoComplete="off" data-testid="new-partner-display" />
        </Form.Item>
        {type === 'reseller' && (
          <Form.Item name="parent_id" label={t('partners.parent')} rules={[{ required: true, message: t('common.required') }]}>
            <Select
              data-testid="new-partner-parent"
              loading={distributors.loading}
              options={(distributors.data?.partners ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${p.display_name}` }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
