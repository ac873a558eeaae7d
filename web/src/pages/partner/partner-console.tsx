import { NotFound } from '../../components/page.tsx';
import { isDistributor } from '../../consoles.tsx';
import { useLocation } from '../../session/router.tsx';
import { useMe } from '../../session/session.tsx';
import { CustomersPage } from './customers-page.tsx';
import { DashboardPage } from './dashboard-page.tsx';
import { FundsPage } from './funds-page.tsx';
import { ResellersPage } from './resellers-page.tsx';
import { OrdersPage } from './orders-page.tsx';
import { CouponsPage } from './coupons-page.tsx';
import { BillsPage } from './bills-page.tsx';
import { TicketsPage } from '../tickets/tickets-page.tsx';
import { TicketDetailPage } from '../tickets/ticket-detail-page.tsx';
import { SsoPage } from './sso-page.tsx';
import { WebhooksPage } from './webhooks-page.tsx';

/** The partner center: solution providers, distributors, resellers and their staff. */
export default function PartnerConsole() {
  const { path } = useLocation();
  const me = useMe();
  const ticket = /^\/tickets\/([^/]+)$/.exec(path);
  if (ticket?.[1]) return <TicketDetailPage id={decodeURIComponent(ticket[1])} kind="partner" />;
  switch (path) {
    case '/':
      return <DashboardPage />;
    case '/customers':
      return <CustomersPage />;
    case '/funds':
      return <FundsPage />;
    case '/orders':
      return <OrdersPage />;
    case '/coupons':
      return <CouponsPage />;
    case '/bills':
      return <BillsPage />;
    case '/tickets':
      return <TicketsPage canOpen />;
    case '/sso':
      return <SsoPage />;
    case '/webhooks':
      return <WebhooksPage />;
    case '/resellers':
      return isDistributor(me) ? <ResellersPage /> : <NotFound />;
    default:
      return <NotFound />;
  }
}
