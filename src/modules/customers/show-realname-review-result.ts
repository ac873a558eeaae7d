import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { ShowRealnameAuthenticationReviewResultResponse } from '../../contract/generated/models.ts';
import { checkText } from './field-rules.ts';
import { getPartnerCustomer } from './get-partner-customer.ts';
import { findLatestApplication } from './realname.repo.ts';

/**
 * show_realname_authentication_review_result: the result of the customer's latest application
 * (0 in review, 1 rejected with the opinion, 2 approved); an empty answer when none was submitted.
 */
export async function showRealnameReviewResult(
  deps: Deps,
  caller: Caller,
  query: { customer_id: string },
): Promise<ShowRealnameAuthenticationReviewResultResponse> {
  checkText('customer_id', query.customer_id, { required: true, max: 64 });
  const customer = await getPartnerCustomer(deps.db.kysely, caller.accountId, query.customer_id);
  const app = await findLatestApplication(deps.db.kysely, customer.id);
  if (!app) return {};
  return { review_result: app.review_result, ...(app.review_result === 1 && app.opinion ? { opinion: app.opinion } : {}) };
}
