import type { Deps } from '../../platform/deps.ts';
import { listCards } from './benefits.repo.ts';
import { cardView, type CardView } from './card-views.ts';

/** The operator's view of a customer's stored-value cards, newest first. */
export async function listCustomerCards(deps: Pick<Deps, 'db'>, customerId: string, page: { offset: number; limit: number }): Promise<CardView[]> {
  return (await listCards(deps.db.kysely, { customerId }, page)).map(cardView);
}
