import { Descriptions, Drawer, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { showOrder, showRefundOrder } from '../../api/orders.ts';
import type { OrderLineItemEntityV2 } from '../../api/contract.ts';
import { Amount } from '../../components/amount.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ORDER_STATUS_COLORS, periodKey } from './order-labels.ts';

/** One order: show_customer_order_details (its lines) and, for an unsubscribe order, its refund. */
export function OrderDrawer({ orderId, onClose, indirectPartnerId }: { orderId: string | null; onClose: () => void; indirectPartnerId?: string }) {
  const { t, tOr, date } = useI18n();
  const details = useAsync(async () => (orderId ? showOrder(orderId, { offset: 0, limit: 100, indirect_partner_id: indirectPartnerId }) : null), [orderId, indirectPartnerId]);
  const info = details.data?.order_info;
  const refund = useAsync(async () => (orderId && info?.order_type === 4 ? showRefundOrder(orderId) : null), [orderId, info?.order_type]);

  const columns: ColumnsType<OrderLineItemEntityV2> = [
    { title: t('orders.product'), key: 'product', render: (_, l) => <>{l.service_type_name ?? l.service_type_code}<div className="muted">{l.product_spec_desc}</div></> },
    {
      title: t('orders.period'),
      key: 'period',
      render: (_, l) => {
        const unit = periodKey(l.period_type);
        return unit ? t(`orders.period.${unit}`, { n: l.period_num ?? 0 }) : '—';
      },
    },
    { title: t('orders.quantity'), key: 'qty', dataIndex: 'subscription_num', align: 'right' },
    { title: t('orders.official'), key: 'official', align: 'right', render: (_, l) => <Amount value={l.official_amount} currency={l.currency} /> },
    { title: t('orders.payable'), key: 'payable', align: 'right', render: (_, l) => <Amount value={l.amount_after_discount} currency={l.currency} /> },
    { title: t('orders.validity'), key: 'validity', render: (_, l) => (l.effective_time ? `${date(l.effective_time)} – ${date(l.expire_time)}` : '—') },
  ];

  return (
    <Drawer open={orderId !== null} onClose={onClose} size="large" title={`${t('orders.order')} ${orderId ?? ''}`} destroyOnHidden>
      <ErrorAlert error={details.error} onRetry={details.reload} />
      {info && (
        <Descriptions column={2} bordered size="small" data-testid="order-details">
          <Descriptions.Item label={t('orders.orderId')}>
            <Typography.Text copyable>{info.order_id}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('common.status')}>
            <Tag color={ORDER_STATUS_COLORS[info.status ?? 0] ?? 'default'}>{tOr(`orderStatus.${info.status}`, String(info.status))}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.type')}>{tOr(`orderType.${info.order_type}`, String(info.order_type))}</Descriptions.Item>
          <Descriptions.Item label={t('orders.customer')}>{info.customer_id}</Descriptions.Item>
          <Descriptions.Item label={t('orders.official')}>
            <Amount value={info.official_amount} currency={info.currency} />
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.payable')}>
            <Amount value={info.amount_after_discount} currency={info.currency} testId="order-payable" />
          </Descriptions.Item>
          {info.amount_info?.coupon_amount !== undefined && (
            <Descriptions.Item label={t('orders.couponPaid')}>
              <Amount value={info.amount_info.coupon_amount} currency={info.currency} />
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('orders.createdAt')}>{date(info.create_time)}</Descriptions.Item>
          <Descriptions.Item label={t('orders.paidAt')}>{date(info.payment_time)}</Descriptions.Item>
          {info.pending_payment_end_time && <Descriptions.Item label={t('orders.payBy')}>{date(info.pending_payment_end_time)}</Descriptions.Item>}
          {info.user_name && <Descriptions.Item label={t('orders.placedBy')}>{info.user_name}</Descriptions.Item>}
        </Descriptions>
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('orders.lines')}
      </Typography.Title>
      <Table<OrderLineItemEntityV2>
        size="small"
        rowKey={(l) => l.order_line_item_id ?? ''}
        loading={details.loading}
        columns={columns}
        dataSource={details.data?.order_line_items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="order-lines"
      />
      {refund.data && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('orders.refund')}
          </Typography.Title>
          <Table
            size="small"
            rowKey={(r) => r.id ?? ''}
            dataSource={refund.data.refund_infos ?? []}
            pagination={false}
            columns={[
              { title: t('orders.product'), key: 'p', render: (_, r) => r.service_type_name ?? r.service_type_code },
              { title: t('orders.baseOrder'), key: 'b', dataIndex: 'base_order_id' },
              { title: t('common.amount'), key: 'a', align: 'right', render: (_, r) => <Amount value={r.amount} currency="CNY" /> },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
