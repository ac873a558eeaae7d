export { createPartnerAccount, type PartnerRecord } from './create-partner-account.ts';
export { listIndirectPartners } from './list-indirect-partners.ts';
export { registerPartnerOperatorRoutes } from './partners.operator-routes.ts';
export { resolveActingPartner, noIndirectPartnerPermission } from './resolve-acting-partner.ts';
