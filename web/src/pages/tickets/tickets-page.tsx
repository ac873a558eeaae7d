import { useState } from 'react';
import { Button, Input, Select, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { listTickets, type TicketSummary } from '../../api/tickets.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { PageHead } from '../../components/page.tsx';
import { useServerList } from '../../components/use-server-list.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, navigate } from '../../session/router.tsx';
import { TICKET_STATUS_COLORS } from '../shared/order-labels.ts';
import { NewTicketDialog } from './new-ticket-dialog.tsx';

export const TICKET_STATUSES = [0, 1, 17, 2, 3, 4, 12];
const OPEN_QUEUE = '0,1,17';

export const osmLanguage = (locale: string) => (locale === 'zh' ? 'zh-cn' : 'en-us') as 'zh-cn' | 'en-us';

/**
 * Tickets the caller may see (list_cases is scoped on the server). `queue` starts on the open
 * queue (pending acceptance, processing, pending feedback), as the operator and partners work it.
 */
export function TicketsPage({ canOpen, queue = false }: { canOpen: boolean; queue?: boolean }) {
  const { t, tOr, date, locale } = useI18n();
  const [status, setStatus] = useState<string>(queue ? OPEN_QUEUE : '');
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const list = useServerList<TicketSummary>(
    async (offset, limit) => {
      const r = await listTickets({ offset, limit, incident_status: status || undefined, app_key: search || undefined }, osmLanguage(locale));
      return { rows: r.incident_info_list, total: r.total_count };
    },
    [status, search, locale],
  );
  const columns: ColumnsType<TicketSummary> = [
    { title: t('tickets.id'), key: 'id', render: (_, c) => <Link to={`/tickets/${encodeURIComponent(c.incident_id)}`} testId="ticket-link">{c.incident_id}</Link> },
    { title: t('tickets.description'), key: 'desc', render: (_, c) => <span className="ellipsis-cell">{c.simple_description}</span> },
    { title: t('tickets.problem'), key: 'problem', dataIndex: 'business_type_name' },
    { title: t('tickets.submitter'), key: 'submitter', render: (_, c) => c.xcustomer_name ?? c.customer_id },
    { title: t('common.status'), key: 'status', render: (_, c) => <Tag color={TICKET_STATUS_COLORS[c.status] ?? 'default'}>{tOr(`ticketStatus.${c.status}`, String(c.status))}</Tag> },
    { title: t('common.createdAt'), key: 'created', render: (_, c) => date(c.create_time) },
  ];
  return (
    <>
      <PageHead
        title={t(queue ? 'tickets.queue' : 'tickets.title')}
        extra={
          canOpen && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="open-ticket">
              {t('tickets.new')}
            </Button>
          )
        }
      />
      <div className="toolbar">
        <Select
          style={{ width: 220 }}
          value={status}
          onChange={setStatus}
          data-testid="ticket-status-filter"
          options={[
            { value: '', label: `${t('common.status')}: ${t('common.all')}` },
            { value: OPEN_QUEUE, label: t('tickets.openQueue') },
            ...TICKET_STATUSES.map((s) => ({ value: String(s), label: tOr(`ticketStatus.${s}`, String(s)) })),
          ]}
        />
        <Input.Search allowClear placeholder={t('tickets.search')} onSearch={(v) => setSearch(v.trim())} style={{ width: 240 }} />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          {t('common.refresh')}
        </Button>
      </div>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<TicketSummary>
        rowKey="incident_id"
        columns={columns}
        dataSource={list.rows}
        loading={list.loading}
        pagination={list.pagination}
        scroll={{ x: 'max-content' }}
        data-testid="tickets-table"
      />
      {creating && <NewTicketDialog onClose={() => setCreating(false)} onCreated={(id) => navigate(`/tickets/${encodeURIComponent(id)}`)} />}
    </>
  );
}
