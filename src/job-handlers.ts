import type { JobHandler } from './platform/jobs/jobs.ts';
import { PLATFORM_JOBS } from './platform/jobs/maintenance.ts';
import { COUPON_JOBS } from './modules/coupons/index.ts';
import { couponsPort, ordersJobHandlers } from './modules/orders/index.ts';
import { USAGE_JOBS } from './modules/usage/index.ts';
import { SSO_JOBS } from './modules/sso/index.ts';
import { WEBHOOK_JOBS } from './modules/webhooks/index.ts';

/** Every kind of job the worker runs, by kind. Modules add theirs here. */
export const JOB_HANDLERS: Record<string, JobHandler> = {
  ...PLATFORM_JOBS,
  ...COUPON_JOBS,
  ...ordersJobHandlers(couponsPort),
  ...USAGE_JOBS,
  ...SSO_JOBS,
  ...WEBHOOK_JOBS,
};
