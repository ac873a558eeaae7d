import type { Deps } from '../../platform/deps.ts';
import { formatAmount } from '../../platform/money.ts';
import { listTopUpRows } from './funds.repo.ts';
import { getPartner } from './funds-parties.ts';
import type { TopUpView } from './record-top-up.ts';

/** A partner's recorded top-ups, newest first (operator plane). */
export async function listTopUps(deps: Pick<Deps, 'db'>, partnerId: string, page: { offset: number; limit: number }): Promise<TopUpView[]> {
  await getPartner(deps.db.kysely, partnerId);
  const rows = await listTopUpRows(deps.db.kysely, partnerId, page);
  return rows.map((r) => ({
    id: r.id,
    partner_id: r.partner_id,
    amount: formatAmount(r.amount),
    designated_amount: formatAmount(r.designated),
    memo: r.memo,
    created_at: r.created_at,
  }));
}
