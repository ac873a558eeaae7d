import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { pageOf } from '../../platform/pagination.ts';
import { countApplications, listApplications } from './realname.repo.ts';
import { RESULT_OF, toReview, type RealnameReview } from './realname-review-view.ts';

/** The review queue (or any status), oldest first. */
export async function listRealnameReviews(
  deps: Deps,
  q: { status?: string; customer_id?: string; offset?: number; limit?: number },
): Promise<{ count: number; reviews: RealnameReview[] }> {
  const page = pageOf(q, 100, 20);
  const status = q.status ?? 'in_review';
  if (status !== 'all' && RESULT_OF[status] === undefined) throw new AppError('PBSS.0400', 'status must be in_review, rejected, approved or all');
  const filter = { reviewResult: status === 'all' ? undefined : RESULT_OF[status], customerId: q.customer_id };
  const [count, rows] = await Promise.all([countApplications(deps.db.kysely, filter), listApplications(deps.db.kysely, filter, page)]);
  return { count, reviews: rows.map(toReview) };
}

