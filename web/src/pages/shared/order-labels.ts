/** Colours of the order, resource and coupon status codes (their names are in the catalogs). */
export const ORDER_STATUS_COLORS: Record<number, string> = { 1: 'default', 2: 'processing', 3: 'processing', 4: 'default', 5: 'success', 6: 'warning', 9: 'processing' };
export const RESOURCE_STATUS_COLORS: Record<number, string> = { 1: 'processing', 2: 'success', 3: 'default', 4: 'error', 5: 'warning' };
export const COUPON_STATUS_COLORS: Record<number, string> = { 1: 'default', 2: 'success', 3: 'default', 4: 'default', 5: 'default' };
export const TICKET_STATUS_COLORS: Record<number, string> = { 0: 'warning', 1: 'processing', 2: 'cyan', 3: 'success', 4: 'default', 12: 'default', 17: 'orange' };

/** A period as the line items give it: 2 month, 3 year (19/20 on bills). */
export const periodKey = (periodType: number | undefined): 'month' | 'year' | null =>
  periodType === 2 || periodType === 20 ? 'month' : periodType === 3 || periodType === 19 ? 'year' : null;
