import { NotFound } from '../../components/page.tsx';
import { isDistributor } from '../../consoles.tsx';
import { useLocation } from '../../session/router.tsx';
import { useMe } from '../../session/session.tsx';
import { CustomersPage } from './customers-page.tsx';
import { DashboardPage } from './dashboard-page.tsx';
import { FundsPage } from './funds-page.tsx';
import { ResellersPage } from './resellers-page.tsx';

/** The partner center: solution providers, distributors, resellers and their staff. */
export default function PartnerConsole() {
  const { path } = useLocation();
  const me = useMe();
  switch (path) {
    case '/':
      return <DashboardPage />;
    case '/customers':
      return <CustomersPage />;
    case '/funds':
      return <FundsPage />;
    case '/resellers':
      return isDistributor(me) ? <ResellersPage /> : <NotFound />;
    default:
      return <NotFound />;
  }
}
