import { useState } from 'react';
import { Button, Input, Space, Switch, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ReloadOutlined } from '@ant-design/icons';
import { listIndirectPartners, listPartnerBalances } from '../../api/partner.ts';
import type { AccountBalanceV2, IndirectPartnerInfo } from '../../api/contract.ts';
import { Amount } from '../../components/amount.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { Masked } from '../../components/masked.tsx';
import { PageHead } from '../../components/page.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useServerList } from '../../components/use-server-list.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../session/router.tsx';
import { ResellerFundsDialog, type FundsDirection } from './funds-dialogs.tsx';

/** A distributor's tier-2 resellers with their balances; allocate to and reclaim from them. */
export function ResellersPage() {
  const { t, date } = useI18n();
  const [accountName, setAccountName] = useState('');
  const [revealAll, setRevealAll] = useState(false);
  const [funds, setFunds] = useState<{ direction: FundsDirection; reseller: { id: string; name: string } } | null>(null);

  const list = useServerList<IndirectPartnerInfo>(
    async (offset, limit) => {
      const r = await listIndirectPartners({ offset, limit, account_name: accountName || undefined });
      return { rows: r.indirect_partners ?? [], total: r.count ?? 0 };
    },
    [accountName],
  );

  // One balance query per reseller on the page (the API takes one reseller at a time).
  const ids = list.rows.map((r) => r.indirect_partner_id ?? '').filter(Boolean);
  const balances = useAsync(async () => {
    const entries = await Promise.all(ids.map(async (id) => [id, (await listPartnerBalances(id)).account_balances ?? []] as const));
    return new Map<string, AccountBalanceV2[]>(entries);
  }, [ids.join(',')]);
  const balanceCell = (id: string | undefined, type: number) => {
    const b = balances.data?.get(id ?? '')?.find((x) => x.account_type === type);
    return b ? <Amount value={b.amount} currency={b.currency} /> : balances.loading ? '…' : '—';
  };

  const columns: ColumnsType<IndirectPartnerInfo> = [
    { title: t('resellers.accountName'), key: 'account', render: (_, r) => r.account_name },
    { title: t('resellers.name'), key: 'name', render: (_, r) => r.name ?? '—' },
    { title: t('resellers.phone'), key: 'phone', render: (_, r) => <Masked kind="phone" value={r.mobile_phone} revealAll={revealAll} /> },
    { title: t('resellers.email'), key: 'email', render: (_, r) => <Masked kind="email" value={r.email} revealAll={revealAll} /> },
    { title: t('resellers.cash'), key: 'cash', align: 'right', render: (_, r) => balanceCell(r.indirect_partner_id, 1) },
    { title: t('resellers.allocatable'), key: 'allocatable', align: 'right', render: (_, r) => balanceCell(r.indirect_partner_id, 8) },
    { title: t('resellers.associatedOn'), key: 'associatedOn', render: (_, r) => date(r.associated_on) },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, r) => {
        const reseller = { id: r.indirect_partner_id ?? '', name: r.account_name ?? '' };
        return (
          <Space size={0} wrap>
            <Button type="link" size="small" data-testid="reseller-allocate" onClick={() => setFunds({ direction: 'allocate', reseller })}>
              {t('customers.allocate')}
            </Button>
            <Button type="link" size="small" data-testid="reseller-reclaim" onClick={() => setFunds({ direction: 'reclaim', reseller })}>
              {t('customers.reclaim')}
            </Button>
            <Link to={`/customers?indirect_partner_id=${encodeURIComponent(reseller.id)}`}>{t('resellers.customers')}</Link>
          </Space>
        );
      },
    },
  ];

  return (
    <>
      <PageHead title={t('resellers.title')} />
      <div className="toolbar">
        <Input.Search allowClear placeholder={t('customers.searchAccount')} onSearch={setAccountName} style={{ width: 240 }} />
        <Space>
          <Switch checked={revealAll} onChange={setRevealAll} />
          <span>{t('common.revealAll')}</span>
        </Space>
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          {t('common.refresh')}
        </Button>
      </div>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <ErrorAlert error={balances.error} onRetry={balances.reload} compact />
      <Table<IndirectPartnerInfo>
        rowKey={(r) => r.indirect_partner_id ?? ''}
        columns={columns}
        dataSource={list.rows}
        loading={list.loading}
        pagination={list.pagination}
        scroll={{ x: 'max-content' }}
        data-testid="resellers-table"
      />
      <ResellerFundsDialog direction={funds?.direction ?? 'allocate'} reseller={funds?.reseller ?? null} onClose={() => setFunds(null)} onDone={balances.reload} />
    </>
  );
}
