/**
 * When things happen to a yearly/monthly subscription. Pure: every function takes the instants it
 * needs. Calendar arithmetic is done in China time (UTC+8), the zone the partner API's bill days and
 * cycles use: a month added to 31 January is the last day of February there.
 */

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export type PeriodUnit = 2 | 3; // 2 month, 3 year

/** `start` plus `num` months (2) or years (3), by the UTC+8 calendar; a day beyond the month's end becomes its last day. */
export function addPeriod(start: Date, unit: PeriodUnit, num: number): Date {
  const local = new Date(start.getTime() + CHINA_OFFSET_MS);
  const months = unit === 2 ? num : num * 12;
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + months;
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(local.getUTCDate(), lastDay);
  const shifted = Date.UTC(targetYear, targetMonth, day, local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds(), local.getUTCMilliseconds());
  return new Date(shifted - CHINA_OFFSET_MS);
}

/** 03:00 China time on the China day `daysBefore` days before the day `at` falls on. */
export function chargeMoment(at: Date, daysBefore: number): Date {
  const local = new Date(at.getTime() + CHINA_OFFSET_MS);
  const day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - daysBefore * DAY_MS;
  return new Date(day + 3 * 60 * 60 * 1000 - CHINA_OFFSET_MS);
}

/** The first 03:00 China time strictly after `after`: when a failed auto-renewal is tried again. */
export function nextDailyRetry(after: Date): Date {
  const today = chargeMoment(after, 0);
  return today.getTime() > after.getTime() ? today : new Date(today.getTime() + DAY_MS);
}

/**
 * Grace and retention periods of yearly/monthly resources in natural days, by customer level
 * (Huawei's China-site table: V5 7/15, V4–V3 7/7, V2 1/7, V1–V0 1/1). A customer without a level
 * counts as V0.
 */
export function graceAndRetentionDays(level: string | null): { grace: number; retention: number } {
  switch (level) {
    case 'V5':
      return { grace: 7, retention: 15 };
    case 'V4':
    case 'V3':
      return { grace: 7, retention: 7 };
    case 'V2':
      return { grace: 1, retention: 7 };
    default:
      return { grace: 1, retention: 1 };
  }
}

export const addDays = (at: Date, days: number): Date => new Date(at.getTime() + days * DAY_MS);

/** YYYY-MM and YYYY-MM-DD of an instant in UTC+8: a bill's cycle and day. */
export function chinaCycleAndDay(at: Date): { cycle: string; day: string } {
  const day = new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
  return { cycle: day.slice(0, 7), day };
}

/** The longest a subscription may run ahead of now after a renewal (five years, the longest term sold). */
export const MAX_AHEAD_YEARS = 5;

/** Default days before expiry that an auto-renewal is charged (DEDUCTION_DATE may set 2–7). */
export const DEFAULT_DEDUCTION_DAYS = 7;

/** Unpaid orders lapse after this long. */
export const PAYMENT_WINDOW_DAYS = 7;
