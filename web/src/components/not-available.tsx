import { Alert } from 'antd';
import { isNotImplemented } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorAlert } from './errors.tsx';

/**
 * An error, told apart: an operation this server does not offer yet (501) is a notice, not a
 * failure; anything else is the API's own message.
 */
export function ApiProblem({ error, onRetry, what }: { error: unknown; onRetry?: () => void; what: string }) {
  const { t } = useI18n();
  if (!error) return null;
  if (isNotImplemented(error))
    return <Alert type="info" showIcon className="error-alert" data-testid="not-available" title={t('common.notAvailable', { what })} description={error instanceof Error ? error.message : undefined} />;
  return <ErrorAlert error={error} onRetry={onRetry} />;
}
