import { useState } from 'react';
import { App, Checkbox, Descriptions, Empty, Modal, Radio, Skeleton, Space, Typography } from 'antd';
import { listOrderCoupons, listOrderDiscounts, payCouponType, payOrder, showOrder } from '../../api/orders.ts';
import { ApiError } from '../../api/client.ts';
import { Amount } from '../../components/amount.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { newIdempotencyKey } from '../../components/idempotency.ts';
import { testIdProps } from '../../components/test-id.ts';
import { useAsync } from '../../components/use-async.ts';
import { fenText, formatAmount, toFen } from '../../format/amount.ts';
import type { ListOrderDiscountsResponse } from '../../api/contract.ts';

type Discount = NonNullable<ListOrderDiscountsResponse['discounts']>[number];

/** What a discount takes off the order, in fen, summed exactly over its lines. */
function discountFen(d: Discount): bigint {
  let total = 0n;
  for (const o of d.orders ?? []) for (const l of o.order_line_items ?? []) total += toFen(l.discount_amount ?? 0) ?? 0n;
  return total;
}
import { useI18n } from '../../i18n/i18n.tsx';

const MAX_COUPONS = 3;

/**
 * pay_orders (v3): the order's usable coupons (list_order_coupons_by_order_id) and discounts
 * (list_order_discounts) to choose from; the rest is paid from cash, then credit.
 */
export function PayDialog({ orderId, onClose, onPaid }: { orderId: string; onClose: () => void; onPaid: () => void }) {
  const { t, date } = useI18n();
  const { message } = App.useApp();
  const order = useAsync(() => showOrder(orderId, { offset: 0, limit: 1 }), [orderId]);
  const coupons = useAsync(() => listOrderCoupons(orderId), [orderId]);
  const discounts = useAsync(() => listOrderDiscounts(orderId), [orderId]);
  const [chosen, setChosen] = useState<string[]>([]);
  // The best offer is chosen until the customer picks otherwise ('' is the list price).
  const [picked, setPicked] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // One key per intended payment: a retry after a lost answer is the same payment.
  const [key, setKey] = useState(newIdempotencyKey);
  const info = order.data?.order_info;
  const couponList = coupons.data?.user_coupons ?? [];
  const discountList = discounts.data?.discounts ?? [];
  const best = discountList.reduce<Discount | null>((b, d) => (discountFen(d) > (b ? discountFen(b) : 0n) ? d : b), null);
  const discount = picked ?? best?.discount_id ?? '';
  const chosenDiscount = discountList.find((x) => x.discount_id === discount);
  const official = info?.official_amount !== undefined ? toFen(info.official_amount) : null;
  const payable = official === null ? undefined : fenText(official - (chosenDiscount ? discountFen(chosenDiscount) : 0n));

  const pay = async () => {
    setBusy(true);
    setError(null);
    const picked = couponList.filter((c) => chosen.includes(c.coupon_id ?? ''));
    const d = chosenDiscount;
    try {
      await payOrder(
        {
          order_id: orderId,
          use_coupon: picked.length ? 'YES' : 'NO',
          use_discount: d ? 'YES' : 'NO',
          ...(picked.length ? { coupon_infos: picked.map((c) => ({ id: c.coupon_id ?? '', type: payCouponType(c.coupon_type) })) } : {}),
          ...(d ? { discount_infos: [{ id: d.discount_id ?? '', type: d.discount_type ?? 0 }] } : {}),
        },
        key,
      );
      message.success(t('orders.paid', { id: orderId }));
      onPaid();
      onClose();
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 0)) setKey(newIdempotencyKey());
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={`${t('orders.pay')} · ${orderId}`}
      onCancel={onClose}
      onOk={pay}
      okText={t('orders.payNow')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      width={600}
      okButtonProps={testIdProps('pay-submit')}
    >
      <ErrorAlert error={error} compact />
      <ErrorAlert error={order.error ?? coupons.error ?? discounts.error} compact />
      {info ? (
        <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('orders.official')}>
            <Amount value={info.official_amount} currency={info.currency} />
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.payableBeforeCoupons')}>
            <Amount value={payable} currency={info.currency} testId="pay-amount" />
          </Descriptions.Item>
          {info.pending_payment_end_time && <Descriptions.Item label={t('orders.payBy')}>{date(info.pending_payment_end_time)}</Descriptions.Item>}
        </Descriptions>
      ) : (
        <Skeleton active paragraph={{ rows: 2 }} />
      )}
      <Typography.Title level={5}>{t('orders.discounts')}</Typography.Title>
      <Radio.Group value={discount} onChange={(e) => setPicked(String(e.target.value))} data-testid="pay-discounts">
        <Space orientation="vertical">
          <Radio value="">{t('orders.noDiscount')}</Radio>
          {discountList.map((d) => (
            <Radio key={d.discount_id} value={d.discount_id}>
              {t(`discountType.${d.discount_type === 3 ? 3 : 2}`)} · {t('orders.discountOff', { amount: formatAmount(fenText(discountFen(d)), 'CNY') })}
            </Radio>
          ))}
        </Space>
      </Radio.Group>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('orders.coupons')}
      </Typography.Title>
      {coupons.loading ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : couponList.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orders.noCoupons')} />
      ) : (
        <Checkbox.Group value={chosen} onChange={(v) => setChosen((v as string[]).slice(0, MAX_COUPONS))} data-testid="pay-coupons">
          <Space orientation="vertical">
            {couponList.map((c) => (
              <Checkbox key={c.coupon_id} value={c.coupon_id} disabled={!chosen.includes(c.coupon_id ?? '') && chosen.length >= MAX_COUPONS}>
                {t(`couponType.${c.coupon_type === 4 ? 4 : 1}`)} · {t('coupons.balance')} {formatAmount(c.balance, 'CNY')} · {t('coupons.expires', { date: date(c.expire_time) })}
              </Checkbox>
            ))}
          </Space>
        </Checkbox.Group>
      )}
      <div className="muted" style={{ marginTop: 12 }}>
        {t('orders.payHint')}
      </div>
    </Modal>
  );
}
