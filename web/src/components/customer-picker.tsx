import { useEffect, useRef, useState } from 'react';
import { Select, Spin } from 'antd';
import { listSubCustomers } from '../api/partner.ts';
import type { CustomerInformation } from '../api/contract.ts';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * Picks one of the partner's customers (or a tier-2 reseller's), searched on the server by account
 * name as the user types.
 */
export function CustomerPicker({
  value,
  onChange,
  indirectPartnerId,
  initial,
  multiple = false,
  testId = 'customer-picker',
}: {
  value?: string | string[];
  onChange?: ((id: string) => void) | ((ids: string[]) => void);
  indirectPartnerId?: string;
  initial?: { id: string; name: string };
  /** Several customers at once (value and onChange then carry string[]). */
  multiple?: boolean;
  testId?: string;
}) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<CustomerInformation[]>([]);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    const timer = window.setTimeout(() => {
      listSubCustomers({ account_name: search || undefined, indirect_partner_id: indirectPartnerId, offset: 0, limit: 20 }).then(
        (r) => {
          if (mine === seq.current) {
            setOptions(r.customer_infos ?? []);
            setLoading(false);
          }
        },
        () => mine === seq.current && setLoading(false),
      );
    }, 250);
    return () => window.clearTimeout(timer);
  }, [search, indirectPartnerId]);

  const items = options.map((c) => ({ value: c.customer_id ?? '', label: `${c.account_name ?? ''} · ${c.customer_id ?? ''}` }));
  if (initial && !items.some((i) => i.value === initial.id)) items.unshift({ value: initial.id, label: `${initial.name} · ${initial.id}` });
  return (
    <Select
      showSearch
      mode={multiple ? 'multiple' : undefined}
      style={{ width: '100%' }}
      value={value}
      onChange={(v: string | string[]) => (onChange as ((v: string | string[]) => void) | undefined)?.(v)}
      filterOption={false}
      onSearch={setSearch}
      placeholder={t('funds.customerSearch')}
      notFoundContent={loading ? <Spin size="small" /> : undefined}
      options={items}
      data-testid={testId}
    />
  );
}
