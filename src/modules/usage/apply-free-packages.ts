import type { Insertable } from 'kysely';
import type { FreeResourceUsagesTable } from '../../platform/db/schema.ts';
import { add, cmp, div, isZero, min, mul, parseDecimal, sub, ZERO, type Rational } from '../../platform/rational.ts';
import { conversionFactor, type UnitTable } from '../catalog/index.ts';
import { decimalText } from './rating-core.ts';
import type { FreePackageRow } from './usage.repo.ts';

/** A package as rating holds it while it takes usage from it. */
export interface PackageState {
  row: FreePackageRow;
  left: Rational;
  used: Rational;
  touched: boolean;
}

export const packageStates = (rows: readonly FreePackageRow[]): PackageState[] =>
  rows.map((row) => {
    const used = parseDecimal(row.used)!;
    return { row, used, left: sub(parseDecimal(row.amount)!, used), touched: false };
  });

export interface FreeTake {
  packageId: string;
  /** In the package's measure. */
  amount: Rational;
}

export interface UsageToCover {
  customerId: string;
  serviceTypeCode: string;
  resourceTypeCode: string;
  regionCode: string;
  usageType: string;
  /** The instant the usage is of (the hour's start). */
  at: string;
  /** Usage in `measureId`. */
  usage: Rational;
  measureId: number;
}

/**
 * Takes usage from the customer's matching free packages, soonest-expiring first (the order the
 * states come in), before anything is priced. Returns the part covered (in the usage's measure)
 * and what each package gave. Mutates the states. Pure otherwise.
 */
export function takeFreeUsage(states: readonly PackageState[], u: UsageToCover, units: UnitTable): { covered: Rational; takes: FreeTake[] } {
  let need = u.usage;
  const takes: FreeTake[] = [];
  for (const s of states) {
    if (isZero(need)) break;
    const p = s.row;
    if (p.customer_id !== u.customerId || p.service_type_code !== u.serviceTypeCode) continue;
    if ((p.resource_type_code !== null && p.resource_type_code !== u.resourceTypeCode) || (p.region_code !== null && p.region_code !== u.regionCode)) continue;
    if (p.usage_type.toLowerCase() !== u.usageType.toLowerCase() || p.effective_time > u.at || p.expire_time <= u.at) continue;
    if (cmp(s.left, ZERO) <= 0) continue;
    // How many of the usage's units one package unit is.
    const factor = conversionFactor(units, p.measure_id, u.measureId);
    if (!factor) continue;
    const take = min(need, mul(s.left, factor));
    const inPackage = div(take, factor);
    s.left = sub(s.left, inPackage);
    s.used = add(s.used, inPackage);
    s.touched = true;
    need = sub(need, take);
    takes.push({ packageId: p.id, amount: inPackage });
  }
  return { covered: sub(u.usage, need), takes };
}

export function freeUsageRows(lineId: string, customerId: string, resourceId: string, usageType: string, takes: readonly FreeTake[], at: string, newId: () => string): Insertable<FreeResourceUsagesTable>[] {
  return takes.map((t) => ({ id: newId(), package_id: t.packageId, customer_id: customerId, rated_line_id: lineId, resource_id: resourceId, usage_type: usageType, amount: decimalText(t.amount), deduct_time: at }));
}
