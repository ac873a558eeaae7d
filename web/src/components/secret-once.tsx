import type { ReactNode } from 'react';
import { Alert, Button, Descriptions, Modal, Typography } from 'antd';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * A secret shown this once (an access key's, a webhook subscription's): the dialog cannot be
 * dismissed by accident, and closing it removes the secret from the page. `children` are the
 * Descriptions items to show.
 */
export function SecretOnceModal({ title, warning, description, onDone, children }: { title: string; warning: string; description?: string; onDone: () => void; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Modal
      open
      title={title}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onDone} data-testid="secret-done">
          {t('common.done')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={warning} description={description} style={{ marginBottom: 16 }} />
      <Descriptions column={1} bordered size="small">
        {children}
      </Descriptions>
    </Modal>
  );
}

/**
 * One copyable value of a SecretOnceModal. A function, not a component: Descriptions reads its
 * items' props (label, children) from its direct children, so the item must be one.
 */
export function secretItem(label: string, value: string, testId: string) {
  return (
    <Descriptions.Item key={testId} label={label}>
      <Typography.Text className="secret-box" copyable data-testid={testId}>
        {value}
      </Typography.Text>
    </Descriptions.Item>
  );
}
