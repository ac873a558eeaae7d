import { useState } from 'react';
import { App, Form, Input, Modal, Select } from 'antd';
import {
  CONSOLE_SOURCE_ID,
  createTicket,
  listExtendsParams,
  listProblemTypes,
  listProductCategories,
  listRegions,
  listSeverities,
} from '../../api/tickets.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { testIdProps } from '../../components/test-id.ts';
import { useAsync } from '../../components/use-async.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { AttachmentPicker, type Uploaded } from './attachments.tsx';
import { osmLanguage } from './tickets-page.tsx';

interface TicketForm {
  productCategory: string;
  businessType: string;
  severity?: string;
  region?: string;
  description: string;
  extras?: Record<string, string>;
}

/** create_cases: product category → problem type → its extra fields, a description and attachments. */
export function NewTicketDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const lang = osmLanguage(locale);
  const [form] = Form.useForm<TicketForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [files, setFiles] = useState<Uploaded[]>([]);
  const productCategory = Form.useWatch('productCategory', form);
  const businessType = Form.useWatch('businessType', form);

  const categories = useAsync(() => listProductCategories(lang), [lang]);
  const severities = useAsync(() => listSeverities(lang), [lang]);
  const regions = useAsync(() => listRegions(lang), [lang]);
  const problems = useAsync(async () => (productCategory ? (await listProblemTypes(productCategory, lang)).incident_business_type_list : []), [productCategory, lang]);
  const extras = useAsync(async () => (businessType ? (await listExtendsParams(businessType, lang)).extends_params : []), [businessType, lang]);
  const isFault = problems.data?.find((p) => p.business_type_id === businessType)?.case_type === '5';

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      const extendsMap = Object.fromEntries(Object.entries(v.extras ?? {}).filter(([, x]) => typeof x === 'string' && x.trim() !== '').map(([k, x]) => [k, x.trim()]));
      const r = await createTicket({
        product_category_id: v.productCategory,
        business_type_id: v.businessType,
        source_id: CONSOLE_SOURCE_ID,
        simple_description: v.description.trim(),
        ...(v.severity ? { severity_id: v.severity } : {}),
        ...(v.region ? { region_id: v.region } : {}),
        ...(files.length ? { accessory_ids: files.map((f) => f.id) } : {}),
        ...(Object.keys(extendsMap).length ? { extends_map: extendsMap } : {}),
      });
      message.success(t('tickets.created', { id: r.incident_id }));
      onCreated(r.incident_id);
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Modal open title={t('tickets.new')} onCancel={onClose} onOk={submit} okText={t('common.submit')} cancelText={t('common.cancel')} confirmLoading={busy} width={640} okButtonProps={testIdProps('ticket-submit')}>
      <ErrorAlert error={error} compact />
      <Form<TicketForm> form={form} layout="vertical">
        <Form.Item name="productCategory" label={t('tickets.product')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            loading={categories.loading}
            data-testid="ticket-product"
            onChange={() => form.setFieldsValue({ businessType: undefined, extras: {} })}
            options={(categories.data?.incident_product_category_list ?? []).map((c) => ({ value: c.incident_product_category_id, label: c.incident_product_category_name }))}
          />
        </Form.Item>
        <Form.Item name="businessType" label={t('tickets.problem')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            loading={problems.loading}
            disabled={!productCategory}
            data-testid="ticket-problem"
            onChange={() => form.setFieldsValue({ extras: {} })}
            options={(problems.data ?? []).map((p) => ({ value: p.business_type_id, label: p.business_type_name }))}
          />
        </Form.Item>
        <Form.Item name="severity" label={t('tickets.severity')}>
          <Select allowClear options={(severities.data?.severity_list ?? []).map((s) => ({ value: s.severity_id, label: s.severity_name }))} />
        </Form.Item>
        {isFault && (
          <Form.Item name="region" label={t('tickets.region')} rules={[{ required: true, message: t('common.required') }]}>
            <Select options={(regions.data?.data_center_list ?? []).map((r) => ({ value: r.region_id, label: r.region_name }))} />
          </Form.Item>
        )}
        {(extras.data ?? []).map((p) => (
          <Form.Item
            key={p.param_key}
            name={['extras', p.param_key]}
            label={p.param_name}
            extra={p.tips}
            rules={p.required ? [{ required: true, whitespace: true, message: t('common.required') }] : []}
          >
            {p.select_item ? <Select options={p.select_item.split(',').map((s) => ({ value: s, label: s }))} /> : <Input data-testid={`ticket-extra-${p.param_key}`} />}
          </Form.Item>
        ))}
        <Form.Item name="description" label={t('tickets.description')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="ticket-description" />
        </Form.Item>
        <Form.Item label={t('tickets.attachments')} extra={t('tickets.attachHint')}>
          <AttachmentPicker value={files} onChange={setFiles} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
