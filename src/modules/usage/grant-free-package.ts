import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { isNegative, isZero, parseDecimal, toExactText } from '../../platform/rational.ts';
import { parseUtcInstant } from './usage-calendar.ts';
import { findCustomerPartners, insertPackage } from './usage.repo.ts';

export interface FreePackageInput {
  customer_id: string;
  name: string;
  service_type_code: string;
  resource_type_code?: string | null;
  region_code?: string | null;
  usage_type: string;
  measure_id: number;
  /** Decimal text, > 0. */
  amount: string;
  effective_time: string;
  expire_time: string;
  order_id?: string | null;
}

/** Gives a customer a free resource package (operator plane; packages bought through orders would land here too). */
export async function grantFreePackage(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, input: FreePackageInput): Promise<{ id: string }> {
  const amount = parseDecimal(input.amount);
  if (!amount || isNegative(amount) || isZero(amount) || toExactText(amount) === null) throw new AppError('PBSS.0400', 'amount must be a decimal > 0');
  const from = parseUtcInstant(input.effective_time);
  const to = parseUtcInstant(input.expire_time);
  if (!from || !to || to <= from) throw new AppError('PBSS.0400', 'effective_time and expire_time must be UTC instants, effective before expiry');
  const at = iso(deps.clock.now());
  const id = deps.ids.prefixed('FR');
  await deps.db.kysely.transaction().execute(async (trx) => {
    if (!(await findCustomerPartners(trx, [input.customer_id])).has(input.customer_id)) throw new AppError('PBSS.0400', `no customer ${input.customer_id}`);
    await insertPackage(trx, {
      id,
      customer_id: input.customer_id,
      name: input.name,
      service_type_code: input.service_type_code,
      resource_type_code: input.resource_type_code ?? null,
      region_code: input.region_code ?? null,
      usage_type: input.usage_type,
      measure_id: input.measure_id,
      amount: toExactText(amount)!,
      used: '0',
      status: iso(from) <= at ? 1 : 0,
      order_id: input.order_id ?? null,
      effective_time: iso(from),
      expire_time: iso(to),
      version: 0,
      created_at: at,
      updated_at: at,
    });
  });
  return { id };
}
