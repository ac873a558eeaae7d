import { Breadcrumb, Descriptions, Skeleton, Tabs, Tag } from 'antd';
import { findPartner } from '../../api/operator.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { PageHead } from '../../components/page.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../session/router.tsx';
import { AccessKeysTab } from './access-keys-tab.tsx';
import { CreditLinesTab, TopUpsTab } from './partner-funds-tabs.tsx';
import { UsersTab } from './users-tab.tsx';

/** One partner: its access keys, top-ups, credit lines and console users. */
export function PartnerDetailPage({ id }: { id: string }) {
  const { t, date } = useI18n();
  const partner = useAsync(() => findPartner(id), [id]);
  const p = partner.data;
  return (
    <>
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ title: <Link to="/partners">{t('partners.back')}</Link> }, { title: p?.name ?? id }]} />
      <PageHead title={p ? `${p.name} · ${p.display_name}` : id} />
      <ErrorAlert error={partner.error} onRetry={partner.reload} />
      {partner.loading && <Skeleton active paragraph={{ rows: 2 }} />}
      {!partner.loading && !p && !partner.error && <ErrorAlert error={new Error(t('partners.notFound'))} />}
      {p && (
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }} style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('common.id')}>{p.id}</Descriptions.Item>
          <Descriptions.Item label={t('partners.type')}>
            <Tag>{t(`role.${p.partner_type}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('partners.parent')}>{p.parent_id ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('common.createdAt')}>{date(p.created_at)}</Descriptions.Item>
        </Descriptions>
      )}
      <Tabs
        destroyOnHidden
        items={[
          { key: 'keys', label: t('partners.keys'), children: <AccessKeysTab accountId={id} /> },
          { key: 'topups', label: t('partners.topUps'), children: <TopUpsTab partnerId={id} /> },
          { key: 'credit', label: t('partners.creditLines'), children: <CreditLinesTab partnerId={id} /> },
          { key: 'users', label: t('partners.users'), children: <UsersTab accountId={id} accountName={p?.name} /> },
        ]}
      />
    </>
  );
}
