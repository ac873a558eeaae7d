import { useState } from 'react';
import { App, Button, Descriptions, Form, InputNumber, Modal, Radio, Select, Space, Spin } from 'antd';
import { listResourceSpecs, listResourceTypes, listServiceTypes, placeOrder, quotePeriod, type PlacedOrder } from '../../api/orders.ts';
import { listRegions } from '../../api/tickets.ts';
import type { ListRateOnPeriodDetailResponse, PeriodProductInfo } from '../../api/contract.ts';
import { Amount } from '../../components/amount.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { newIdempotencyKey } from '../../components/idempotency.ts';
import { testIdProps } from '../../components/test-id.ts';
import { useAsync } from '../../components/use-async.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { osmLanguage } from '../tickets/tickets-page.tsx';

interface BuyForm {
  service: string;
  resource: string;
  region: string;
  spec: string;
  size?: number | null;
  periodType: 2 | 3;
  periodNum: number;
  count: number;
}

/** Linear products (a disk's GB, a bandwidth's Mbps) carry a size; the measure follows the resource. */
const SIZE_MEASURES: Record<string, number> = { 'hws.resource.type.volume': 17, 'hws.resource.type.bandwidth': 15 };

/**
 * A new yearly/monthly purchase: pick a product from the catalog, see its price
 * (list_rate_on_period_detail), place the order (this server's extension), then pay it.
 */
export function BuyDialog({ onClose, onPlaced }: { onClose: () => void; onPlaced: (order: PlacedOrder) => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<BuyForm>();
  const [key] = useState(newIdempotencyKey);
  const [quote, setQuote] = useState<ListRateOnPeriodDetailResponse | null>(null);
  const [quoting, setQuoting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const service = Form.useWatch('service', form);
  const resource = Form.useWatch('resource', form);
  const region = Form.useWatch('region', form);
  const periodType = Form.useWatch('periodType', form);

  const services = useAsync(() => listServiceTypes(), [locale]);
  const resources = useAsync(() => listResourceTypes(), [locale]);
  const regions = useAsync(() => listRegions(osmLanguage(locale)), [locale]);
  const specs = useAsync(
    async () => (service && resource && region ? ((await listResourceSpecs({ cloud_service_type: service, resource_type: resource, region_code: region })).cloud_service_basics ?? []) : []),
    [service, resource, region],
  );
  const linear = resource ? SIZE_MEASURES[resource] : undefined;

  const product = (v: BuyForm): PeriodProductInfo => ({
    id: '1',
    cloud_service_type: v.service,
    resource_type: v.resource,
    resource_spec: v.spec,
    region: v.region,
    period_type: v.periodType,
    period_num: v.periodNum,
    subscription_num: v.count,
    ...(linear && v.size ? { resource_size: v.size, size_measure_id: linear } : {}),
  });

  const price = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setQuoting(true);
    setError(null);
    try {
      setQuote(await quotePeriod([product(v)]));
    } catch (e) {
      setQuote(null);
      setError(e);
    } finally {
      setQuoting(false);
    }
  };

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      const placed = await placeOrder([product(v)], key);
      message.success(t('orders.placed', { id: placed.order_id }));
      onPlaced(placed);
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const best = quote?.optional_discount_rating_results?.find((r) => r.best_offer === 1);
  return (
    <Modal
      open
      title={t('orders.buy')}
      onCancel={onClose}
      width={620}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button loading={quoting} onClick={() => void price()} data-testid="buy-quote">
            {t('orders.getPrice')}
          </Button>
          <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="buy-submit">
            {t('orders.placeOrder')}
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={error} compact />
      <Form<BuyForm>
        form={form}
        layout="vertical"
        initialValues={{ periodType: 2, periodNum: 1, count: 1 }}
        onValuesChange={(changed: Partial<BuyForm>) => {
          setQuote(null);
          if ('service' in changed) form.setFieldsValue({ resource: undefined, spec: undefined });
          if ('resource' in changed || 'region' in changed) form.setFieldsValue({ spec: undefined });
        }}
      >
        <Space.Compact block>
          <Form.Item name="service" label={t('orders.service')} rules={[{ required: true, message: t('common.required') }]} style={{ width: '50%' }}>
            <Select
              loading={services.loading}
              data-testid="buy-service"
              options={(services.data?.service_types ?? []).map((s) => ({ value: s.service_type_code, label: s.service_type_name ?? s.service_type_code }))}
            />
          </Form.Item>
          <Form.Item name="resource" label={t('bills.resourceType')} rules={[{ required: true, message: t('common.required') }]} style={{ width: '50%' }}>
            <Select
              disabled={!service}
              data-testid="buy-resource"
              options={(resources.data?.resource_types ?? []).filter((r) => r.service_type_code === service).map((r) => ({ value: r.resource_type_code, label: r.resource_type_name ?? r.resource_type_code }))}
            />
          </Form.Item>
        </Space.Compact>
        <Space.Compact block>
          <Form.Item name="region" label={t('tickets.region')} rules={[{ required: true, message: t('common.required') }]} style={{ width: '50%' }}>
            <Select data-testid="buy-region" options={(regions.data?.data_center_list ?? []).map((r) => ({ value: r.region_id, label: r.region_name }))} />
          </Form.Item>
          <Form.Item name="spec" label={t('orders.spec')} rules={[{ required: true, message: t('common.required') }]} style={{ width: '50%' }}>
            <Select
              disabled={!region || !resource}
              showSearch
              loading={specs.loading}
              data-testid="buy-spec"
              notFoundContent={specs.loading ? <Spin size="small" /> : t('orders.noSpecs')}
              options={(specs.data ?? []).map((s) => ({ value: s.resource_spec, label: s.resource_spec_name ? `${s.resource_spec_name} (${s.resource_spec ?? ''})` : s.resource_spec }))}
            />
          </Form.Item>
        </Space.Compact>
        {linear !== undefined && (
          <Form.Item name="size" label={t(linear === 17 ? 'orders.sizeGb' : 'orders.sizeMbps')} rules={[{ required: true, message: t('common.required') }]}>
            <InputNumber min={1} max={32768} precision={0} style={{ width: 200 }} />
          </Form.Item>
        )}
        <Space size="large" wrap>
          <Form.Item name="periodType" label={t('orders.periodUnit')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 2, label: t('orders.unit.month') },
                { value: 3, label: t('orders.unit.year') },
              ]}
            />
          </Form.Item>
          <Form.Item name="periodNum" label={t('orders.periodNum')}>
            <InputNumber min={1} max={periodType === 3 ? 3 : 11} precision={0} data-testid="buy-period-num" />
          </Form.Item>
          <Form.Item name="count" label={t('orders.quantity')}>
            <InputNumber min={1} max={100} precision={0} />
          </Form.Item>
        </Space>
      </Form>
      {quote && (
        <Descriptions bordered size="small" column={1} data-testid="buy-price">
          <Descriptions.Item label={t('orders.official')}>
            <Amount value={quote.official_website_rating_result?.official_website_amount} currency={quote.currency ?? 'CNY'} testId="buy-official" />
          </Descriptions.Item>
          {best && (
            <Descriptions.Item label={`${t('orders.bestOffer')}${best.discount_name ? ` · ${best.discount_name}` : ''}`}>
              <Amount value={best.amount} currency={quote.currency ?? 'CNY'} />
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
    </Modal>
  );
}
