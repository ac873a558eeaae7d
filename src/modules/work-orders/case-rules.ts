import type { BusinessType, ExtendsParam } from './reference-data.ts';
import { REFERENCE_DATA, satisfactionById } from './reference-data.ts';
import { invalidParam } from './work-orders.errors.ts';

/**
 * Pure checks of what a ticket is opened, closed or rated with. Each throws OSM.01010001 naming
 * the field, or returns the value to store.
 */

const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/**
 * The problem type's template decides which extension fields a ticket needs: every required field
 * present and non-empty, each value of its declared type, and no field the type does not define.
 */
export function checkExtendsMap(bt: BusinessType, given: Record<string, unknown> | undefined): Record<string, string | number> {
  const map = given ?? {};
  const defs = new Map(bt.extends_params.map((p) => [p.key, p]));
  for (const key of Object.keys(map)) {
    if (!defs.has(key)) throw invalidParam(`extends_map.${key} is not a field of business type ${bt.id}`);
  }
  const out: Record<string, string | number> = {};
  for (const def of bt.extends_params) {
    const value = map[def.key];
    if (value === undefined || value === null || value === '') {
      if (def.required) throw invalidParam(`extends_map.${def.key} (${def.name.en}) is required for business type ${bt.id}`);
      continue;
    }
    out[def.key] = checkExtendsValue(def, value);
  }
  return out;
}

function checkExtendsValue(def: ExtendsParam, value: unknown): string | number {
  const field = `extends_map.${def.key}`;
  switch (def.type) {
    case 1: {
      const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw invalidParam(`${field} must be an integer`);
      if ((def.min !== undefined && n < def.min) || (def.max !== undefined && n > def.max)) {
        throw invalidParam(`${field} must be between ${def.min ?? '-∞'} and ${def.max ?? '∞'}`);
      }
      return n;
    }
    case 0:
    case 2:
    case 3: {
      if (typeof value !== 'string') throw invalidParam(`${field} must be a string`);
      if (value.length > def.length) throw invalidParam(`${field} must be at most ${def.length} characters`);
      if (def.type === 2 && !(def.select ?? []).includes(value)) throw invalidParam(`${field} must be one of ${(def.select ?? []).join(', ')}`);
      if (def.type === 3 && !DATE_TIME_RE.test(value)) throw invalidParam(`${field} must be yyyy-MM-dd HH:mm:ss`);
      return value;
    }
  }
}

export interface SatisfactionInput {
  satisfaction_id: number;
  satisfaction_value: number;
}

/** A rating: at least one known dimension, each once, each value a whole number of steps in 1..max. */
export function checkSatisfaction(list: readonly SatisfactionInput[] | undefined): SatisfactionInput[] {
  if (!list || list.length === 0) throw invalidParam('incident_satisfaction_list needs at least one rating');
  const seen = new Set<number>();
  return list.map((s, i) => {
    const dim = satisfactionById(s.satisfaction_id);
    if (!dim) throw invalidParam(`incident_satisfaction_list[${i}].satisfaction_id ${s.satisfaction_id} does not exist`);
    if (seen.has(dim.id)) throw invalidParam(`incident_satisfaction_list[${i}] rates dimension ${dim.id} twice`);
    seen.add(dim.id);
    const v = s.satisfaction_value;
    if (!Number.isInteger(v) || v < dim.per_value || v > dim.value || v % dim.per_value !== 0) {
      throw invalidParam(`incident_satisfaction_list[${i}].satisfaction_value must be ${dim.per_value}..${dim.value} in steps of ${dim.per_value}`);
    }
    return { satisfaction_id: dim.id, satisfaction_value: v };
  });
}

const MAIL_RE = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/;
const MOBILE_RE = /^\d{5,20}$/;
const REMIND_TIME_RE = /^(0|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/;

/** Notification contacts: an e-mail, a mobile number (digits), an area code from the list, a time window. */
export function checkContact(input: { remind_mail?: string; remind_mobile?: string; area_code?: string; remind_time?: string }): void {
  if (input.remind_mail !== undefined && !MAIL_RE.test(input.remind_mail)) throw invalidParam('remind_mail is not an e-mail address');
  if (input.remind_mobile !== undefined && !MOBILE_RE.test(input.remind_mobile)) throw invalidParam('remind_mobile must be 5-20 digits');
  if (input.area_code !== undefined && !REFERENCE_DATA.area_codes.some((a) => a.code === input.area_code)) {
    throw invalidParam(`area_code ${input.area_code} is not in /v2/servicerequest/config/area-codes`);
  }
  if (input.remind_time !== undefined && !REMIND_TIME_RE.test(input.remind_time)) throw invalidParam('remind_time must be 0 or HH:mm-HH:mm');
}
