import { useState } from 'react';
import { Button, Input, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ReloadOutlined } from '@ant-design/icons';
import { listOrders } from '../../api/orders.ts';
import type { CustomerOrderV2 } from '../../api/contract.ts';
import { Amount } from '../../components/amount.tsx';
import { CustomerPicker } from '../../components/customer-picker.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { PageHead } from '../../components/page.tsx';
import { useServerList } from '../../components/use-server-list.ts';
import { isDistributor } from '../../consoles.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { useMe } from '../../session/session.tsx';
import { OrderDrawer } from '../shared/order-drawer.tsx';
import { ORDER_STATUS_COLORS } from '../shared/order-labels.ts';
import { ResellerSelect } from './reseller-select.tsx';

export const ORDER_STATUSES = [6, 5, 4, 3, 1];
export const ORDER_TYPES = ['1', '2', '4', '10'];

/** list_customer_orders: the orders of the partner's customers (or of a tier-2 reseller's), with details. */
export function OrdersPage() {
  const { t, tOr, date } = useI18n();
  const me = useMe();
  const [reseller, setReseller] = useState<string | undefined>(undefined);
  const [customer, setCustomer] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState<number | undefined>(undefined);
  const [orderType, setOrderType] = useState<string | undefined>(undefined);
  const [orderId, setOrderId] = useState('');
  const [open, setOpen] = useState<string | null>(null);

  const list = useServerList<CustomerOrderV2>(
    async (offset, limit) => {
      const r = await listOrders({ offset, limit, customer_id: customer, status, order_type: orderType, order_id: orderId || undefined, indirect_partner_id: reseller });
      return { rows: r.order_infos ?? [], total: r.total_count ?? 0 };
    },
    [customer, status, orderType, orderId, reseller],
  );

  const columns: ColumnsType<CustomerOrderV2> = [
    {
      title: t('orders.orderId'),
      key: 'id',
      render: (_, o) => (
        <Button type="link" size="small" onClick={() => setOpen(o.order_id ?? null)} data-testid="open-order">
          {o.order_id}
        </Button>
      ),
    },
    { title: t('orders.customer'), key: 'customer', dataIndex: 'customer_id' },
    { title: t('orders.service'), key: 'service', render: (_, o) => o.service_type_name ?? o.service_type_code ?? '—' },
    { title: t('orders.type'), key: 'type', render: (_, o) => tOr(`orderType.${o.order_type}`, String(o.order_type ?? '—')) },
    { title: t('common.status'), key: 'status', render: (_, o) => <Tag color={ORDER_STATUS_COLORS[o.status ?? 0] ?? 'default'}>{tOr(`orderStatus.${o.status}`, String(o.status ?? '—'))}</Tag> },
    { title: t('orders.official'), key: 'official', align: 'right', render: (_, o) => <Amount value={o.official_amount} currency={o.currency} /> },
    { title: t('orders.payable'), key: 'payable', align: 'right', render: (_, o) => <Amount value={o.amount_after_discount} currency={o.currency} /> },
    { title: t('orders.createdAt'), key: 'created', render: (_, o) => date(o.create_time) },
    { title: t('orders.paidAt'), key: 'paid', render: (_, o) => date(o.payment_time) },
  ];

  return (
    <>
      <PageHead title={t('orders.title')} />
      <div className="toolbar">
        {isDistributor(me) && <ResellerSelect value={reseller} onChange={(r) => (setReseller(r), setCustomer(undefined))} />}
        <div style={{ width: 280 }}>
          <CustomerPicker key={reseller ?? ''} value={customer} onChange={setCustomer} indirectPartnerId={reseller} />
        </div>
        {customer && <Button onClick={() => setCustomer(undefined)}>{t('orders.allCustomers')}</Button>}
        <Select<number | undefined>
          style={{ width: 160 }}
          value={status}
          onChange={setStatus}
          options={[{ value: undefined, label: `${t('common.status')}: ${t('common.all')}` }, ...ORDER_STATUSES.map((s) => ({ value: s, label: tOr(`orderStatus.${s}`, String(s)) }))]}
          data-testid="order-status-filter"
        />
        <Select<string | undefined>
          style={{ width: 160 }}
          value={orderType}
          onChange={setOrderType}
          options={[{ value: undefined, label: `${t('orders.type')}: ${t('common.all')}` }, ...ORDER_TYPES.map((s) => ({ value: s, label: tOr(`orderType.${s}`, s) }))]}
        />
        <Input.Search allowClear placeholder={t('orders.orderId')} onSearch={(v) => setOrderId(v.trim())} style={{ width: 220 }} />
        <Space>
          <Button icon={<ReloadOutlined />} onClick={list.reload}>
            {t('common.refresh')}
          </Button>
        </Space>
      </div>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<CustomerOrderV2>
        rowKey={(o) => o.order_id ?? ''}
        columns={columns}
        dataSource={list.rows}
        loading={list.loading}
        pagination={list.pagination}
        scroll={{ x: 'max-content' }}
        data-testid="orders-table"
      />
      <OrderDrawer orderId={open} onClose={() => setOpen(null)} indirectPartnerId={reseller} />
    </>
  );
}
