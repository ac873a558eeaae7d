import { Form, Input } from 'antd';
import type { Rule } from 'antd/es/form';
import { parseAmountInput } from '../format/amount.ts';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * An amount typed as text (never an InputNumber, which goes through floats): digits with at most
 * two decimals, above zero. Read it back with parseAmountInput.
 */
export function AmountField({ name, label, required = true, extra, testId }: { name: string; label: string; required?: boolean; extra?: string; testId?: string }) {
  const { t } = useI18n();
  const rules: Rule[] = [
    {
      validator: async (_rule, value: unknown) => {
        const text = typeof value === 'string' ? value.trim() : '';
        if (text === '' && !required) return;
        if (!parseAmountInput(text).ok) throw new Error(t('common.amountInvalid'));
      },
    },
  ];
  return (
    <Form.Item name={name} label={label} rules={rules} extra={extra} required={required}>
      <Input inputMode="decimal" autoComplete="off" prefix="¥" data-testid={testId} />
    </Form.Item>
  );
}

/** The value of an AmountField after validation passed. */
export function amountOf(text: unknown): number {
  const parsed = parseAmountInput(typeof text === 'string' ? text : '');
  if (!parsed.ok) throw new Error('amount not validated');
  return parsed.value;
}
