import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { reviewNotFound } from './customers.errors.ts';
import { findApplication } from './realname.repo.ts';
import { toReview, type RealnameReview } from './realname-review-view.ts';

/** One real-name application, for the operator. */
export async function getRealnameReview(deps: Deps, id: string): Promise<RealnameReview> {
  const app = await findApplication(deps.db.kysely, id);
  if (!app) throw reviewNotFound(id);
  return toReview(app);
}


/** One attachment of an application (1-based, in submitted order), as kept at submission. */
export async function getRealnameAttachment(deps: Deps, id: string, index: number): Promise<{ data: Buffer; extension: string }> {
  const app = await findApplication(deps.db.kysely, id);
  if (!app) throw reviewNotFound(id);
  const key = (JSON.parse(app.files) as string[])[index - 1];
  const data = key ? await deps.objectStore.get(key) : null;
  if (!key || !data) throw new AppError('PBSS.0404', `application ${id} has no attachment ${index}`);
  return { data, extension: key.slice(key.lastIndexOf('.') + 1) };
}

