import { useState } from 'react';
import { Button, Input, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ReloadOutlined } from '@ant-design/icons';
import { listOutbox, type OutboxMessage } from '../../api/operator.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { PageHead } from '../../components/page.tsx';
import { useServerList } from '../../components/use-server-list.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** The verification codes the platform "sent" by SMS (the sandbox writes them to an outbox). */
export function OutboxPage() {
  const { t, date } = useI18n();
  const [phone, setPhone] = useState('');
  const list = useServerList<OutboxMessage>(
    async (offset, limit) => {
      const r = await listOutbox({ offset, limit, mobile_phone: phone || undefined });
      return { rows: r.messages, total: r.count };
    },
    [phone],
  );
  const columns: ColumnsType<OutboxMessage> = [
    { title: t('common.createdAt'), key: 'created', render: (_, m) => date(m.created_at) },
    { title: t('outbox.recipient'), key: 'recipient', dataIndex: 'recipient' },
    { title: t('outbox.code'), key: 'code', render: (_, m) => <Typography.Text code copyable data-testid="outbox-code">{m.code}</Typography.Text> },
    { title: t('outbox.scene'), key: 'scene', dataIndex: 'scene' },
    { title: t('outbox.expiresAt'), key: 'expires', render: (_, m) => date(m.expires_at) },
    { title: t('outbox.body'), key: 'body', dataIndex: 'body' },
  ];
  return (
    <>
      <PageHead title={t('outbox.title')} />
      <div className="toolbar">
        <Input.Search allowClear placeholder={t('outbox.filter')} onSearch={(v) => setPhone(v.trim())} style={{ width: 240 }} />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          {t('common.refresh')}
        </Button>
      </div>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<OutboxMessage> rowKey="id" columns={columns} dataSource={list.rows} loading={list.loading} pagination={list.pagination} scroll={{ x: 'max-content' }} data-testid="outbox-table" />
    </>
  );
}
