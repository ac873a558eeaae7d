import { div, mul, rat, type Rational } from '../../platform/rational.ts';

export interface UnitTable {
  /** measure_id → measure_type */
  units: Map<number, number>;
  conversions: Array<{ measure_id: number; ref_measure_id: number; conversion_ratio: number }>;
}

/**
 * How many `to` units one `from` unit is (1 GB = 1024 MB; 1 minute = 1/60 hour), following
 * conversions in either direction. Null when the units measure different things or no path joins them.
 */
export function conversionFactor(table: UnitTable, from: number, to: number): Rational | null {
  if (from === to) return table.units.has(from) ? rat(1) : null;
  if (table.units.get(from) === undefined || table.units.get(from) !== table.units.get(to)) return null;
  const factor = new Map<number, Rational>([[from, rat(1)]]);
  const queue = [from];
  while (queue.length > 0) {
    const at = queue.shift()!;
    const f = factor.get(at)!;
    for (const c of table.conversions) {
      const ratio = rat(c.conversion_ratio);
      const next = c.measure_id === at ? { id: c.ref_measure_id, f: mul(f, ratio) } : c.ref_measure_id === at ? { id: c.measure_id, f: div(f, ratio) } : null;
      if (next && !factor.has(next.id)) {
        factor.set(next.id, next.f);
        if (next.id === to) return next.f;
        queue.push(next.id);
      }
    }
  }
  return null;
}
