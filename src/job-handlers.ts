import type { JobHandler } from './platform/jobs/jobs.ts';
import { PLATFORM_JOBS } from './platform/jobs/maintenance.ts';
import { COUPON_JOBS } from './modules/coupons/index.ts';
import { couponsPort, ordersJobHandlers } from './modules/orders/index.ts';

/** Every kind of job the worker runs, by kind. Modules add theirs here. */
export const JOB_HANDLERS: Record<string, JobHandler> = {
  ...PLATFORM_JOBS,
  ...COUPON_JOBS,
  ...ordersJobHandlers(couponsPort),
};
