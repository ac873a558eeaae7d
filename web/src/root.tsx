import { lazy, Suspense } from 'react';
import { Spin } from 'antd';
import { useSession } from './session/session.tsx';
import { SignIn } from './pages/sign-in.tsx';
import { Shell } from './shell.tsx';
import { consoleOf } from './consoles.tsx';
import { ErrorBoundary } from './components/error-boundary.tsx';
import { useI18n } from './i18n/i18n.tsx';
import { useLocation } from './session/router.tsx';

// Each console is its own chunk: an operator never downloads the partner center's charts.
const PartnerConsole = lazy(() => import('./pages/partner/partner-console.tsx'));
const OperatorConsole = lazy(() => import('./pages/operator/operator-console.tsx'));
const CustomerConsole = lazy(() => import('./pages/customer/customer-console.tsx'));

export function Root() {
  const { session } = useSession();
  const { t } = useI18n();
  const { path } = useLocation();
  if (!session) return <SignIn />;
  const kind = consoleOf(session.me.role);
  return (
    <Shell kind={kind}>
      <ErrorBoundary resetKey={path} title={t('app.pageFailed')} retry={t('app.retry')}>
        <Suspense fallback={<Spin size="large" style={{ display: 'block', marginTop: 80 }} />}>
          {kind === 'partner' ? <PartnerConsole /> : kind === 'operator' ? <OperatorConsole /> : <CustomerConsole />}
        </Suspense>
      </ErrorBoundary>
    </Shell>
  );
}
