import type { JobHandler } from './platform/jobs/jobs.ts';
import { PLATFORM_JOBS } from './platform/jobs/maintenance.ts';

/** Every kind of job the worker runs, by kind. Modules add theirs here. */
export const JOB_HANDLERS: Record<string, JobHandler> = {
  ...PLATFORM_JOBS,
};
