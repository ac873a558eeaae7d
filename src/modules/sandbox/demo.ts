/**
 * The sandbox's well-known actors. Their ids, keys and passwords are public on purpose, so that
 * scripts and SDK users can pick them up; a production start refuses a database that holds them.
 */
export const DEMO_PASSWORD = 'PartnerBss#2026';
export const DEMO_PLATFORM = 'demo_platform';

export type DemoRole =
  | 'operator'
  | 'distributor'
  | 'reseller'
  | 'solution_provider'
  | 'partner_operator'
  | 'resale_customer'
  | 'referral_customer'
  | 'reseller_customer'
  | 'provider_customer';

export interface DemoActor {
  key: string;
  role: DemoRole;
  accountId: string;
  accountName: string;
  userName: string;
  access: string;
  secret: string;
  /** For customers and resellers: the partner above them. */
  partnerId?: string;
}

const id = (n: number) => `d${n.toString().padStart(31, '0')}`;
const ak = (tag: string) => `DEMO${tag}`.padEnd(20, '0').slice(0, 20);
const sk = (tag: string) => `demo${tag}Secret`.padEnd(40, '0').slice(0, 40);

export const DEMO_ACTORS: readonly DemoActor[] = [
  { key: 'operator', role: 'operator', accountId: id(1), accountName: 'pbss-operator', userName: 'pbss-operator', access: ak('OPERATOR'), secret: sk('Operator') },
  { key: 'distributor', role: 'distributor', accountId: id(2), accountName: 'demo-distributor', userName: 'demo-distributor', access: ak('DISTRIBUTOR'), secret: sk('Distributor') },
  { key: 'reseller_one', role: 'reseller', accountId: id(3), accountName: 'demo-reseller-one', userName: 'demo-reseller-one', access: ak('RESELLERONE'), secret: sk('ResellerOne'), partnerId: id(2) },
  { key: 'reseller_two', role: 'reseller', accountId: id(4), accountName: 'demo-reseller-two', userName: 'demo-reseller-two', access: ak('RESELLERTWO'), secret: sk('ResellerTwo'), partnerId: id(2) },
  { key: 'solution_provider', role: 'solution_provider', accountId: id(5), accountName: 'demo-provider', userName: 'demo-provider', access: ak('PROVIDER'), secret: sk('Provider') },
  { key: 'partner_operator', role: 'partner_operator', accountId: id(2), accountName: 'demo-distributor', userName: 'demo-ops', access: ak('PARTNEROPS'), secret: sk('PartnerOps') },
  { key: 'resale_customer', role: 'resale_customer', accountId: id(6), accountName: 'demo-resale-customer', userName: 'demo-resale-customer', access: ak('RESALECUST'), secret: sk('ResaleCust'), partnerId: id(2) },
  { key: 'referral_customer', role: 'referral_customer', accountId: id(7), accountName: 'demo-referral-customer', userName: 'demo-referral-customer', access: ak('REFERRALCUST'), secret: sk('ReferralCust'), partnerId: id(2) },
  { key: 'reseller_customer', role: 'reseller_customer', accountId: id(8), accountName: 'demo-reseller-customer', userName: 'demo-reseller-customer', access: ak('RESELLERCUST'), secret: sk('ResellerCust'), partnerId: id(3) },
  { key: 'provider_customer', role: 'provider_customer', accountId: id(9), accountName: 'demo-provider-customer', userName: 'demo-provider-customer', access: ak('PROVIDERCUST'), secret: sk('ProviderCust'), partnerId: id(5) },
];

export function demoActor(key: string): DemoActor {
  const a = DEMO_ACTORS.find((x) => x.key === key);
  if (!a) throw new Error(`no demo actor ${key}`);
  return a;
}
