/** Usage: ingestion, hourly on-demand rating, free resource packages, arrears, the month's close. */
export { ingestUsage, closeTimeOf, type IngestInput, type IngestResult, type UsageRejection } from './ingest-usage.ts';
export { parseUsageBatch, type UsageFormat } from './usage-input.ts';
export { rateUsage, rateAllDue, type RateResult, type RateUsageOptions } from './rate-usage.ts';
export { closeUsageMonth, type CloseResult } from './close-usage-month.ts';
export { collectArrears, findUsageArrears } from './collect-arrears.ts';
export { grantFreePackage, type FreePackageInput } from './grant-free-package.ts';
export { percentile95, POINTS_PER_DAY, type BandwidthPoint } from './percentile.ts';
export { splitPayment } from './charge-usage.ts';
export { RATING_PLACES } from './rating-core.ts';
export { USAGE_JOBS, RATE_JOB, CLOSE_JOB } from './usage-jobs.ts';
export { usageSettings, type UsageSettings } from './usage-settings.ts';
export { startUsageConsumer, publishUsage, ensureUsageStream, USAGE_STREAM, type UsageConsumer } from './usage-nats.ts';
export { registerUsageOperatorRoutes } from './usage.operator-routes.ts';
export { frozenResourcesOf as listFrozenResources } from './usage.repo.ts';
