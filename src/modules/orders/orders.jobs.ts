import type { JobHandler } from '../../platform/jobs/jobs.ts';
import { noCoupons, type CouponPort } from './coupon-port.ts';
import { autoRenewJob } from './auto-renew-job.ts';
import { expireJob, expiringNoticeJob, freezeJob, releaseJob } from './expiry-jobs.ts';
import { lapseOrderJob } from './lapse-order.ts';
import { ORDER_JOBS } from './order-jobs.ts';

/** The orders module's job kinds, for the worker's table (src/job-handlers.ts). */
export function ordersJobHandlers(coupons: CouponPort = noCoupons): Record<string, JobHandler> {
  return {
    [ORDER_JOBS.lapse]: lapseOrderJob(coupons),
    [ORDER_JOBS.autoRenew]: autoRenewJob(coupons),
    [ORDER_JOBS.expire]: expireJob(coupons),
    [ORDER_JOBS.freeze]: freezeJob,
    [ORDER_JOBS.release]: releaseJob,
    [ORDER_JOBS.expiringNotice]: expiringNoticeJob,
  };
}
