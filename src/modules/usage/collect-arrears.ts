import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { Fen } from '../../platform/money.ts';
import { findBalances } from '../ledger/index.ts';
import { available, repayArrears } from './charge-usage.ts';
import { cycleAndDay, cycleBounds } from './usage-calendar.ts';
import { usageSettings } from './usage-settings.ts';
import { customersInArrears, findArrears, freezeResources, type Conn } from './usage.repo.ts';

export interface ArrearsPass {
  repaid: Fen;
  frozenCustomers: number;
}

/**
 * Repays customers' usage arrears from whatever cash or credit they have now, and freezes the
 * on-demand resources of customers whose debt has stood longer than the grace period (by the
 * business clock). Paying the debt in full thaws them (repayDebt). One transaction per customer.
 */
export async function collectArrears(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, options: { graceMs?: number } = {}): Promise<ArrearsPass> {
  const graceMs = options.graceMs ?? usageSettings().graceMs;
  const out: ArrearsPass = { repaid: 0n, frozenCustomers: 0 };
  let after = '';
  for (;;) {
    const page = await customersInArrears(deps.db.kysely, 200, after);
    if (page.length === 0) return out;
    after = page.at(-1)!.customerId;
    for (const c of page) {
      await deps.db.kysely.transaction().execute(async (trx) => {
        const now = deps.clock.now();
        const at = iso(now);
        const owed = (await findArrears(trx, [c.customerId])).get(c.customerId);
        if (!owed || owed.debt === 0n) return;
        const funds = available((await findBalances(trx, [c.customerId])).get(c.customerId));
        const paid = await repayArrears(trx, c.customerId, owed.debt, funds, `ARREARS:${deps.ids.prefixed('UA')}`, at);
        out.repaid += paid;
        if (paid === owed.debt || owed.frozenAt !== null || owed.since === null) return;
        if (Date.parse(owed.since) + graceMs > now.getTime()) return;
        const cycle = cycleAndDay(now).cycle;
        const previous = cycleAndDay(new Date(cycleBounds(cycle).start.getTime() - 1)).cycle;
        await freezeResources(trx, c.customerId, [previous, cycle], at);
        out.frozenCustomers += 1;
      });
    }
  }
}

/** What a customer owes for usage, in fen (the associations module's arrears check reads this). */
export async function findUsageArrears(db: Conn, customerId: string): Promise<Fen> {
  return (await findArrears(db, [customerId])).get(customerId)?.debt ?? 0n;
}
