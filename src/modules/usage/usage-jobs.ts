import type { JobHandler } from '../../platform/jobs/jobs.ts';
import { collectArrears } from './collect-arrears.ts';
import { closeUsageMonth } from './close-usage-month.ts';
import { rateAllDue } from './rate-usage.ts';

/** Job kinds: the hourly rating (key: the hour it runs at) and a month's close (key: YYYY-MM). */
export const RATE_JOB = 'usage.rate';
export const CLOSE_JOB = 'usage.close-month';

export const USAGE_JOBS: Record<string, JobHandler> = {
  [RATE_JOB]: async (deps) => {
    await rateAllDue(deps);
    await collectArrears(deps);
  },
  [CLOSE_JOB]: async (deps, payload) => {
    const cycle = (payload as { cycle?: unknown } | null)?.cycle;
    if (typeof cycle !== 'string' || !/^\d{4}-\d{2}$/.test(cycle)) throw new Error('usage.close-month needs a cycle');
    await closeUsageMonth(deps, cycle);
    await collectArrears(deps);
  },
};
