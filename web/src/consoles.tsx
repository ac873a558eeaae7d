import type { ReactNode } from 'react';
import {
  AccountBookOutlined,
  AppstoreOutlined,
  ApiOutlined,
  LoginOutlined,
  CloudServerOutlined,
  CustomerServiceOutlined,
  FileTextOutlined,
  GiftOutlined,
  ShoppingCartOutlined,
  TagsOutlined,
  UploadOutlined,
  AuditOutlined,
  ClockCircleOutlined,
  DashboardOutlined,
  MessageOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import type { Role, WhoAmI } from './api/auth.ts';
import type { MessageKey } from './i18n/en.ts';

/** Which console a user sees follows from the caller's role. */
export type ConsoleKind = 'partner' | 'operator' | 'customer';

export function consoleOf(role: Role): ConsoleKind {
  switch (role) {
    case 'operator':
      return 'operator';
    case 'customer':
      return 'customer';
    case 'solution_provider':
    case 'distributor':
    case 'reseller':
    case 'partner_operator':
      return 'partner';
  }
}

/** A tier-1 distributor, or its staff: the only callers of the tier-2 reseller operations. */
export function isDistributor(me: WhoAmI): boolean {
  return me.role === 'distributor' || (me.role === 'partner_operator' && me.partner_type === 'distributor');
}

export interface MenuEntry {
  path: string;
  label: MessageKey;
  icon: ReactNode;
}

export const CONSOLE_TITLES: Record<ConsoleKind, MessageKey> = {
  partner: 'app.partnerCenter',
  operator: 'app.operatorConsole',
  customer: 'app.customerConsole',
};

export function menuOf(kind: ConsoleKind, me: WhoAmI): MenuEntry[] {
  switch (kind) {
    case 'partner':
      return [
        { path: '/', label: 'nav.dashboard', icon: <DashboardOutlined /> },
        { path: '/customers', label: 'nav.customers', icon: <TeamOutlined /> },
        { path: '/funds', label: 'nav.funds', icon: <WalletOutlined /> },
        { path: '/orders', label: 'nav.orders', icon: <ShoppingCartOutlined /> },
        { path: '/coupons', label: 'nav.coupons', icon: <GiftOutlined /> },
        { path: '/bills', label: 'nav.bills', icon: <FileTextOutlined /> },
        { path: '/tickets', label: 'nav.tickets', icon: <CustomerServiceOutlined /> },
        ...(isDistributor(me) ? [{ path: '/resellers', label: 'nav.resellers' as const, icon: <ShopOutlined /> }] : []),
        { path: '/sso', label: 'nav.sso', icon: <LoginOutlined /> },
        { path: '/webhooks', label: 'nav.webhooks', icon: <ApiOutlined /> },
      ];
    case 'operator':
      return [
        { path: '/partners', label: 'nav.partners', icon: <ShopOutlined /> },
        { path: '/reviews', label: 'nav.reviews', icon: <AuditOutlined /> },
        { path: '/tickets', label: 'nav.ticketQueue', icon: <CustomerServiceOutlined /> },
        { path: '/catalog', label: 'nav.catalog', icon: <TagsOutlined /> },
        { path: '/usage', label: 'nav.usage', icon: <UploadOutlined /> },
        { path: '/outbox', label: 'nav.outbox', icon: <MessageOutlined /> },
        { path: '/clock', label: 'nav.clock', icon: <ClockCircleOutlined /> },
        { path: '/ledger', label: 'nav.ledger', icon: <SafetyCertificateOutlined /> },
      ];
    case 'customer':
      return [
        { path: '/', label: 'nav.balances', icon: <AccountBookOutlined /> },
        { path: '/records', label: 'nav.records', icon: <UnorderedListOutlined /> },
        { path: '/orders', label: 'nav.myOrders', icon: <ShoppingCartOutlined /> },
        { path: '/resources', label: 'nav.resources', icon: <CloudServerOutlined /> },
        { path: '/bills', label: 'nav.bills', icon: <FileTextOutlined /> },
        { path: '/coupons', label: 'nav.myCoupons', icon: <GiftOutlined /> },
        { path: '/tickets', label: 'nav.tickets', icon: <CustomerServiceOutlined /> },
      ];
  }
}
