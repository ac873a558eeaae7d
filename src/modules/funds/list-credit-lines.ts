import type { Deps } from '../../platform/deps.ts';
import { formatAmount } from '../../platform/money.ts';
import type { CreditLineView } from './grant-credit-line.ts';
import { listCreditLineRows } from './funds.repo.ts';
import { getPartner } from './funds-parties.ts';

/** A partner's credit-line grants, newest first (operator plane). */
export async function listCreditLines(deps: Pick<Deps, 'db'>, partnerId: string, page: { offset: number; limit: number }): Promise<CreditLineView[]> {
  await getPartner(deps.db.kysely, partnerId);
  const rows = await listCreditLineRows(deps.db.kysely, partnerId, page);
  return rows.map((r) => ({ id: r.id, partner_id: r.partner_id, amount: formatAmount(r.amount), memo: r.memo, created_at: r.created_at }));
}
