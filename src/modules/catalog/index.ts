export {
  CatalogDocument,
  CATALOG_TABLES,
  isCatalogTable,
  PERIOD_TYPES,
  type CatalogTable,
  type PriceRow,
  type ResourceSpecRow,
} from './catalog-document.ts';
export { csvToDocument, tableToCsv, csvColumns } from './catalog-csv.ts';
export { importCatalog, checkCatalogShape, type ImportSummary } from './import-catalog.ts';
export { exportCatalog } from './export-catalog.ts';
export { loadDefaultCatalog, readDefaultCatalog } from './load-default-catalog.ts';
export { listServiceTypes } from './list-service-types.ts';
export { listResourceTypes } from './list-resource-types.ts';
export { listServiceResources } from './list-service-resources.ts';
export { listUsageTypes } from './list-usage-types.ts';
export { listMeasureUnits } from './list-measure-units.ts';
export { listConversions } from './list-conversions.ts';
export { listResourceSpecs } from './list-resource-specs.ts';
export { listIncentiveDiscountPolicies, endOfChinaMonth } from './list-incentive-discount-policies.ts';
export { findOffers, loadUnitTable } from './find-offers.ts';
export { findDiscountPermissions } from './find-discount-permissions.ts';
export { findUnknownScopes } from './find-unknown-scopes.ts';
export { conversionFactor, type UnitTable } from './unit-conversion.ts';
export { productIdOf, productKeyText, type Offer, type PriceRule, type ProductKey, type ProductMode, type Tier, type UsageTypeInfo } from './offer.ts';
export { registerCatalogOperatorRoutes } from './catalog.operator-routes.ts';
export type { Language } from './localized.ts';
export { catalogHandlers } from './catalog.routes.ts';
