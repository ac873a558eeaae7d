import type { Transaction } from 'kysely';
import type { AutoRenewalResourcesReq, RenewResourceConfigReq } from '../../contract/generated/models.ts';
import type { DB } from '../../platform/db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { scheduleAutoRenew } from './lifecycle-jobs.ts';
import { autoRenewAlreadyCancelled, expiredOrFrozen, invalidParameter, resourceNotFound } from './orders.errors.ts';
import { lockCustomer } from './pay-order.ts';
import { upsertRenewConfig } from './records.repo.ts';
import { findResource, findResources, listResources, updateResource, type ResourceRow } from './resources.repo.ts';

/** The main resource an auto-renew setting is about: setting a child sets its main resource. */
async function mainOf(trx: Transaction<DB>, caller: Caller, resourceId: string): Promise<ResourceRow> {
  const [r] = await findResources(trx, caller.accountId, [resourceId]);
  if (!r) throw resourceNotFound(resourceId);
  const main = r.parentId ? await findResource(trx, r.parentId) : r;
  if (!main || main.phase === 'released' || main.phase === 'unsubscribed' || main.phase === 'on_demand') throw resourceNotFound(resourceId);
  return main;
}

const PERIOD_TYPES: Record<string, 2 | 3> = { MONTH: 2, YEAR: 3 };

/**
 * Turns auto-renew on for a paid resource (auto_renewal_resources), or resets its count: it renews by
 * one period (a month or a year: the last order's unit unless period_type says otherwise), charged
 * 03:00 UTC+8 seven days (DEDUCTION_DATE) before expiry, auto_renew_times times (0 = until turned
 * off). Only a resource in use: one that has expired or is frozen answers CBC.99003602. Turning it on
 * turns off conversion to on-demand at expiry (a resource has one expiry policy).
 */
export async function enableAutoRenew(deps: Pick<Deps, 'db' | 'clock'>, caller: Caller, resourceId: string, body: AutoRenewalResourcesReq | undefined): Promise<void> {
  const times = body?.auto_renew_times ?? null;
  if (times !== null && (!Number.isInteger(times) || times < 0 || times > 99)) throw invalidParameter('auto_renew_times must be 0..99');
  const periodName = body?.period_type ?? null;
  if (periodName !== null && PERIOD_TYPES[periodName] === undefined) throw invalidParameter('period_type must be MONTH or YEAR');
  const now = deps.clock.now();
  const at = now.toISOString();
  await deps.db.kysely.transaction().execute(async (trx) => {
    await lockCustomer(trx, caller.accountId);
    const main = await mainOf(trx, caller, resourceId);
    if (main.phase !== 'active') throw expiredOrFrozen(resourceId);
    const fresh = !main.autoRenew;
    const patch = {
      auto_renew: 1,
      auto_renew_times: times ?? (fresh ? 0 : main.autoRenewTimes),
      auto_renewed: fresh || times !== null ? 0 : main.autoRenewed,
      auto_renew_period_type: periodName ? PERIOD_TYPES[periodName]! : (main.autoRenewPeriodType ?? main.periodType),
      to_on_demand: 0,
    };
    if (!(await updateResource(trx, main, patch, at))) throw new Error('resource changed under the customer lock');
    await scheduleAutoRenew(trx, now, caller.accountId, main.id, main.expireTime, main.version + 1);
  });
}

/** Turns auto-renew off (cancel_auto_renewal_resources); CBC.99003605 when it is not on. */
export async function cancelAutoRenew(deps: Pick<Deps, 'db' | 'clock'>, caller: Caller, resourceId: string): Promise<void> {
  const at = deps.clock.now().toISOString();
  await deps.db.kysely.transaction().execute(async (trx) => {
    await lockCustomer(trx, caller.accountId);
    const main = await mainOf(trx, caller, resourceId);
    if (!main.autoRenew) throw autoRenewAlreadyCancelled(resourceId);
    if (!(await updateResource(trx, main, { auto_renew: 0 }, at))) throw new Error('resource changed under the customer lock');
  });
}

/**
 * set_resources_renew_config: DEDUCTION_DATE (charge auto-renewals 2–7 days before expiry) or
 * EXPIRE_DATE (a unified expiry day, 1–28 or -1 for the month's end). A new deduction day
 * reschedules the charges of the customer's auto-renewing resources; a charge that comes due
 * under the old setting finds it is early and waits for the new one. EXPIRE_DATE is stored and
 * reported but not yet applied to renewals (docs/orders.md).
 */
export async function setRenewConfig(deps: Pick<Deps, 'db' | 'clock'>, caller: Caller, body: RenewResourceConfigReq): Promise<Record<string, never>> {
  const value = body.config_value;
  if (body.config_name === 'DEDUCTION_DATE') {
    if (!/^[2-7]$/.test(value)) throw invalidParameter('config_value of DEDUCTION_DATE must be 2..7');
  } else if (body.config_name === 'EXPIRE_DATE') {
    if (!/^(-1|[1-9]|1\d|2[0-8])$/.test(value)) throw invalidParameter('config_value of EXPIRE_DATE must be 1..28 or -1');
  } else {
    throw invalidParameter('config_name must be DEDUCTION_DATE or EXPIRE_DATE');
  }
  const now = deps.clock.now();
  await deps.db.kysely.transaction().execute(async (trx) => {
    await lockCustomer(trx, caller.accountId);
    await upsertRenewConfig(trx, caller.accountId, body.config_name, value, now.toISOString());
    if (body.config_name !== 'DEDUCTION_DATE') return;
    const live = await listResources(trx, { customerId: caller.accountId, onlyMain: true, phases: ['active', 'grace', 'retention'] }, { offset: 0, limit: 10_000 });
    for (const r of live.filter((x) => x.autoRenew)) await scheduleAutoRenew(trx, now, caller.accountId, r.id, r.expireTime, `cfg-${now.getTime()}`);
  });
  return {};
}
