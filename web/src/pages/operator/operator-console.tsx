import { useEffect } from 'react';
import { NotFound } from '../../components/page.tsx';
import { navigate, useLocation } from '../../session/router.tsx';
import { ClockPage } from './clock-page.tsx';
import { LedgerPage } from './ledger-page.tsx';
import { OutboxPage } from './outbox-page.tsx';
import { PartnerDetailPage } from './partner-detail-page.tsx';
import { PartnersPage } from './partners-page.tsx';
import { ReviewsPage } from './reviews-page.tsx';
import { CatalogPage } from './catalog-page.tsx';
import { UsagePage } from './usage-page.tsx';
import { TicketsPage } from '../tickets/tickets-page.tsx';
import { TicketDetailPage } from '../tickets/ticket-detail-page.tsx';

/** The operator console: partners and keys, real-name reviews, the outbox, the clock, the ledger. */
export default function OperatorConsole() {
  const { path } = useLocation();
  useEffect(() => {
    if (path === '/') navigate('/partners', { replace: true });
  }, [path]);
  const detail = /^\/partners\/([^/]+)$/.exec(path);
  if (detail?.[1]) return <PartnerDetailPage id={decodeURIComponent(detail[1])} />;
  const ticket = /^\/tickets\/([^/]+)$/.exec(path);
  if (ticket?.[1]) return <TicketDetailPage id={decodeURIComponent(ticket[1])} kind="operator" />;
  switch (path) {
    case '/':
    case '/partners':
      return <PartnersPage />;
    case '/reviews':
      return <ReviewsPage />;
    case '/tickets':
      return <TicketsPage canOpen={false} queue />;
    case '/catalog':
      return <CatalogPage />;
    case '/usage':
      return <UsagePage />;
    case '/outbox':
      return <OutboxPage />;
    case '/clock':
      return <ClockPage />;
    case '/ledger':
      return <LedgerPage />;
    default:
      return <NotFound />;
  }
}
