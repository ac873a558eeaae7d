import { useState } from 'react';
import { Button, Select, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ReloadOutlined } from '@ant-design/icons';
import { listMyCoupons } from '../../api/coupons.ts';
import type { IQueryUserCouponsResultV2 } from '../../api/contract.ts';
import { Amount } from '../../components/amount.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { PageHead } from '../../components/page.tsx';
import { useServerList } from '../../components/use-server-list.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { COUPON_STATUS_COLORS } from '../shared/order-labels.ts';

/** The customer's coupons (list_sub_customer_coupons). */
export function CustomerCouponsPage() {
  const { t, tOr, date } = useI18n();
  const [status, setStatus] = useState<number | undefined>(undefined);
  const list = useServerList<IQueryUserCouponsResultV2>(
    async (offset, limit) => {
      const r = await listMyCoupons({ offset, limit, status });
      return { rows: r.user_coupons ?? [], total: r.count ?? 0 };
    },
    [status],
  );
  const columns: ColumnsType<IQueryUserCouponsResultV2> = [
    { title: t('coupons.couponId'), key: 'id', dataIndex: 'coupon_id' },
    { title: t('coupons.type'), key: 'type', render: (_, c) => tOr(`couponType.${c.coupon_type}`, String(c.coupon_type)) },
    { title: t('coupons.faceValue'), key: 'face', align: 'right', render: (_, c) => <Amount value={c.face_value} currency={c.currency ?? 'CNY'} /> },
    { title: t('coupons.balance'), key: 'balance', align: 'right', render: (_, c) => <Amount value={c.balance} currency={c.currency ?? 'CNY'} testId="coupon-balance" /> },
    { title: t('common.status'), key: 'status', render: (_, c) => <Tag color={COUPON_STATUS_COLORS[c.status ?? 0] ?? 'default'}>{tOr(`couponStatus.${c.status}`, String(c.status))}</Tag> },
    { title: t('coupons.validity'), key: 'validity', render: (_, c) => `${date(c.valid_time)} – ${date(c.expire_time)}` },
    { title: t('coupons.usedBy'), key: 'order', render: (_, c) => c.lock_order_id ?? c.order_id ?? '—' },
  ];
  return (
    <>
      <PageHead title={t('coupons.myTitle')} />
      <div className="toolbar">
        <Select<number | undefined>
          style={{ width: 160 }}
          value={status}
          onChange={setStatus}
          options={[{ value: undefined, label: `${t('common.status')}: ${t('common.all')}` }, ...[1, 2, 3, 4, 5].map((s) => ({ value: s, label: tOr(`couponStatus.${s}`, String(s)) }))]}
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          {t('common.refresh')}
        </Button>
      </div>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<IQueryUserCouponsResultV2> rowKey={(c) => c.coupon_id ?? ''} columns={columns} dataSource={list.rows} loading={list.loading} pagination={list.pagination} scroll={{ x: 'max-content' }} data-testid="my-coupons" />
    </>
  );
}
