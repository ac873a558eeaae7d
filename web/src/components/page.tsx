import type { ReactNode } from 'react';
import { Button, Result } from 'antd';
import { useI18n } from '../i18n/i18n.tsx';
import { navigate } from '../session/router.tsx';

export function PageHead({ title, extra }: { title: string; extra?: ReactNode }) {
  return (
    <div className="page-head">
      <h2 data-testid="page-title">{title}</h2>
      {extra && <div>{extra}</div>}
    </div>
  );
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('app.notFound')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('app.backHome')}
        </Button>
      }
    />
  );
}
