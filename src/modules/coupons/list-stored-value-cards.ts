import type { ListStoredValueCardsResponse } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { pageOf } from '../../platform/pagination.ts';
import { countCards, listCards, type CardFilter } from './benefits.repo.ts';
import { wireCard } from './card-views.ts';
import { invalidParameter } from './coupons.errors.ts';

export interface CardsQuery {
  status: number;
  card_id?: string | null;
  offset?: number | null;
  limit?: number | null;
}

/** A customer's stored-value cards (list_stored_value_cards): status 1 usable, 2 used up; newest first. */
export async function listStoredValueCards(deps: Pick<Deps, 'db'>, caller: Caller, query: CardsQuery): Promise<ListStoredValueCardsResponse> {
  if (query.status !== 1 && query.status !== 2) throw invalidParameter('status must be 1 (usable) or 2 (used up)');
  const page = pageOf(query);
  const filter: CardFilter = { customerId: caller.accountId, status: query.status, ...(query.card_id ? { cardId: query.card_id } : {}) };
  const db = deps.db.kysely;
  const [total, rows] = await Promise.all([countCards(db, filter), listCards(db, filter, page)]);
  return { total_count: total, stored_value_cards: rows.map(wireCard) };
}
