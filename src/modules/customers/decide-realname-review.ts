import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { serializeOn } from '../../platform/db/dialect.ts';
import { applyRealnameDecision } from './apply-realname-decision.ts';
import { reviewAlreadyDecided, reviewNotFound } from './customers.errors.ts';
import { findApplication } from './realname.repo.ts';
import { toReview, type RealnameReview } from './realname-review-view.ts';

/**
 * The operator approves, or rejects with an opinion the partner reads through
 * show_realname_authentication_review_result. Only an application in review can be decided.
 */
export async function decideRealnameReview(
  deps: Deps,
  id: string,
  decision: { approve: true } | { approve: false; opinion: string },
  decidedBy: string,
): Promise<RealnameReview> {
  if (!decision.approve && (decision.opinion.trim() === '' || decision.opinion.length > 256)) {
    throw new AppError('PBSS.0400', 'opinion must be 1-256 characters');
  }
  const now = deps.clock.now();
  return deps.db.kysely.transaction().execute(async (trx) => {
    const app = await findApplication(trx, id);
    if (!app) throw reviewNotFound(id);
    await serializeOn(trx, `realname:${app.customer_id}`);
    const opinion = decision.approve ? null : decision.opinion;
    if (!(await applyRealnameDecision(trx, app, { approve: decision.approve, opinion, decidedBy }, now))) throw reviewAlreadyDecided(id);
    return toReview((await findApplication(trx, id))!);
  });
}
