import type { Caller } from '../../platform/http/caller.ts';
import { invalidParameter } from './bills.errors.ts';
import type { BillFilter, BillGroup, BillRow, GroupColumn } from './bills.repo.ts';
import { zeroAmounts } from './bill-amounts.ts';

/** Reading what the bill operations' requests carry: scopes, enumerations, optional filters. */

export const given = (s: string | null | undefined): s is string => s !== undefined && s !== null && s !== '';
export const has = <T>(v: T | null | undefined): v is T => v !== undefined && v !== null;

/**
 * Whose records a customer reads: `method` oneself, sub_customer or all (default). No enterprise
 * sub-accounts exist here, so "all" is the customer alone and "sub_customer" (which needs
 * sub_customer_id) reads nothing.
 */
export function customerScope(caller: Caller, method: string | null | undefined, subCustomerId: string | null | undefined): BillFilter {
  if (!given(method) || method === 'all' || method === 'oneself') return { customerIds: [caller.accountId] };
  if (method !== 'sub_customer') throw invalidParameter('method must be oneself, sub_customer or all');
  if (!given(subCustomerId)) throw invalidParameter('sub_customer_id is required when method is sub_customer');
  return { nothing: true };
}

/** Every record is in the default enterprise project ("0"): another project id selects nothing. */
export function projectFilter(projectId: string | null | undefined): BillFilter {
  return given(projectId) && projectId !== '0' ? { nothing: true } : {};
}

/** An integer code among `allowed`, given as a number or as text; undefined when not given. */
export function codeOf(value: number | string | null | undefined, field: string, allowed: readonly number[]): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!allowed.includes(n)) throw invalidParameter(`${field} must be one of ${allowed.join(', ')}`);
  return n;
}

export const CHARGE_MODES = [1, 3, 10, 11] as const;
export const BILL_TYPES = [1, 2, 3, 4, 5, 8, 9, 14, 16, 18, 20, 23, 24, 25, 103] as const;

/** Merges filters; `nothing` wins. */
export function allOf(...filters: BillFilter[]): BillFilter {
  return Object.assign({}, ...filters) as BillFilter;
}

/** The columns one line of a per-resource statement sums over (by cycle; add bill_date for by day). */
export const RESOURCE_GROUP: readonly GroupColumn[] = [
  'bill_cycle',
  'customer_id',
  'resource_id',
  'parent_resource_id',
  'service_type_code',
  'resource_type_code',
  'region_code',
  'charge_mode',
  'bill_type',
  'product_id',
  'spec_code',
  'period_type',
  'resource_size',
  'size_measure_id',
];

/** A group of records shown as one record: no id, trade or times of its own. */
export function groupAsRow(g: BillGroup): BillRow {
  const s = (c: GroupColumn) => (g.key[c] === null || g.key[c] === undefined ? null : String(g.key[c]));
  const n = (c: GroupColumn) => (g.key[c] === null || g.key[c] === undefined ? null : Number(g.key[c]));
  return {
    id: '',
    customerId: s('customer_id') ?? '',
    partnerId: null,
    billType: n('bill_type') ?? 0,
    chargeMode: n('charge_mode') ?? 0,
    tradeId: '',
    orderId: null,
    resourceId: s('resource_id'),
    parentResourceId: s('parent_resource_id'),
    serviceTypeCode: s('service_type_code') ?? '',
    resourceTypeCode: s('resource_type_code') ?? '',
    regionCode: s('region_code') ?? '',
    specCode: s('spec_code') ?? '',
    productId: s('product_id') ?? '',
    resourceSize: n('resource_size'),
    sizeMeasureId: n('size_measure_id'),
    periodType: n('period_type'),
    periodNum: null,
    effectiveTime: null,
    expireTime: null,
    amounts: { ...zeroAmounts(), ...g.amounts },
    discountType: null,
    paymentStatus: 1,
    tradeTime: g.lastTradeTime,
    billCycle: s('bill_cycle') ?? '',
    billDate: s('bill_date') ?? '',
    ...(g.usage ? { usage: g.usage } : {}),
  };
}
