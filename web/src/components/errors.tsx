import { Alert, Button } from 'antd';
import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** The API's own message, with its code: what the server said is what the user reads. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return `${e.message} (${e.code})`;
  return e instanceof Error ? e.message : String(e);
}

export function ErrorAlert({ error, onRetry, compact = false }: { error: unknown; onRetry?: () => void; compact?: boolean }) {
  const { t } = useI18n();
  if (!error) return null;
  const requestId = error instanceof ApiError ? error.requestId : null;
  return (
    <Alert
      type="error"
      showIcon
      className="error-alert"
      data-testid="api-error"
      title={errorText(error)}
      description={!compact && requestId ? t('app.requestId', { id: requestId }) : undefined}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('app.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
