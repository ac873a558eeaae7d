import { Select } from 'antd';
import { listIndirectPartners } from '../../api/partner.ts';
import { useAsync } from '../../components/use-async.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** "My own customers" or one of the distributor's tier-2 resellers (the first 100, by name). */
export function ResellerSelect({ value, onChange, allowMine = true }: { value: string | undefined; onChange: (id: string | undefined) => void; allowMine?: boolean }) {
  const { t } = useI18n();
  const resellers = useAsync(() => listIndirectPartners({ offset: 0, limit: 100 }), []);
  const options = [
    ...(allowMine ? [{ value: '', label: t('customers.mine') }] : []),
    ...(resellers.data?.indirect_partners ?? []).map((r) => ({ value: r.indirect_partner_id ?? '', label: `${r.account_name ?? ''}${r.name ? ` · ${r.name}` : ''}` })),
  ];
  return (
    <Select
      data-testid="reseller-select"
      style={{ minWidth: 240 }}
      loading={resellers.loading}
      value={value ?? (allowMine ? '' : undefined)}
      onChange={(v: string) => onChange(v || undefined)}
      options={options}
      popupMatchSelectWidth={false}
    />
  );
}
