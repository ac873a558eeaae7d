import { useState } from 'react';
import { App, Button, Popconfirm, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { cancelOrder, listOrders } from '../../api/orders.ts';
import type { CustomerOrderV2 } from '../../api/contract.ts';
import { Amount } from '../../components/amount.tsx';
import { ErrorAlert, errorText } from '../../components/errors.tsx';
import { newIdempotencyKey } from '../../components/idempotency.ts';
import { PageHead } from '../../components/page.tsx';
import { useServerList } from '../../components/use-server-list.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { OrderDrawer } from '../shared/order-drawer.tsx';
import { ORDER_STATUS_COLORS } from '../shared/order-labels.ts';
import { ORDER_STATUSES } from '../partner/orders-page.tsx';
import { BuyDialog } from './buy-dialog.tsx';
import { PayDialog } from './pay-dialog.tsx';

/** The customer's orders: buy, pay (with coupons and a discount), cancel, details. */
export function CustomerOrdersPage() {
  const { t, tOr, date } = useI18n();
  const { message } = App.useApp();
  const [status, setStatus] = useState<number | undefined>(undefined);
  const [open, setOpen] = useState<string | null>(null);
  const [paying, setPaying] = useState<string | null>(null);
  const [buying, setBuying] = useState(false);
  const list = useServerList<CustomerOrderV2>(
    async (offset, limit) => {
      const r = await listOrders({ offset, limit, status });
      return { rows: r.order_infos ?? [], total: r.total_count ?? 0 };
    },
    [status],
  );
  const cancel = async (id: string) => {
    try {
      await cancelOrder(id, newIdempotencyKey());
      message.success(t('orders.cancelled', { id }));
      list.reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };
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
    { title: t('orders.service'), key: 'service', render: (_, o) => o.service_type_name ?? o.service_type_code ?? '—' },
    { title: t('orders.type'), key: 'type', render: (_, o) => tOr(`orderType.${o.order_type}`, String(o.order_type ?? '—')) },
    { title: t('common.status'), key: 'status', render: (_, o) => <Tag color={ORDER_STATUS_COLORS[o.status ?? 0] ?? 'default'} data-testid="order-status">{tOr(`orderStatus.${o.status}`, String(o.status ?? '—'))}</Tag> },
    { title: t('orders.official'), key: 'official', align: 'right', render: (_, o) => <Amount value={o.official_amount} currency={o.currency} /> },
    { title: t('orders.payable'), key: 'payable', align: 'right', render: (_, o) => <Amount value={o.amount_after_discount} currency={o.currency} /> },
    { title: t('orders.createdAt'), key: 'created', render: (_, o) => date(o.create_time) },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, o) =>
        o.status === 6 ? (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => setPaying(o.order_id ?? null)} data-testid="pay-order">
              {t('orders.pay')}
            </Button>
            <Popconfirm title={t('orders.cancelConfirm')} okText={t('orders.cancel')} cancelText={t('common.close')} onConfirm={() => cancel(o.order_id ?? '')}>
              <Button type="link" size="small" danger data-testid="cancel-order">
                {t('orders.cancel')}
              </Button>
            </Popconfirm>
          </Space>
        ) : null,
    },
  ];
  return (
    <>
      <PageHead
        title={t('orders.myTitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setBuying(true)} data-testid="buy">
            {t('orders.buy')}
          </Button>
        }
      />
      <div className="toolbar">
        <Select<number | undefined>
          style={{ width: 160 }}
          value={status}
          onChange={setStatus}
          options={[{ value: undefined, label: `${t('common.status')}: ${t('common.all')}` }, ...ORDER_STATUSES.map((s) => ({ value: s, label: tOr(`orderStatus.${s}`, String(s)) }))]}
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          {t('common.refresh')}
        </Button>
      </div>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<CustomerOrderV2> rowKey={(o) => o.order_id ?? ''} columns={columns} dataSource={list.rows} loading={list.loading} pagination={list.pagination} scroll={{ x: 'max-content' }} data-testid="orders-table" />
      <OrderDrawer orderId={open} onClose={() => setOpen(null)} />
      {paying && <PayDialog orderId={paying} onClose={() => setPaying(null)} onPaid={list.reload} />}
      {buying && (
        <BuyDialog
          onClose={() => setBuying(false)}
          onPlaced={(o) => {
            list.reload();
            setPaying(o.order_id);
          }}
        />
      )}
    </>
  );
}
