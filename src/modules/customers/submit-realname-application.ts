import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { serializeOn } from '../../platform/db/dialect.ts';
import type { RealnameKind } from '../../platform/db/schema.ts';
import type { Conn } from '../identity/index.ts';
import { alreadyVerifiedOrInReview, invalidParam, preCheckFailed, realnameAttemptsExceeded } from './customers.errors.ts';
import { updateCustomerProfile, type CustomerRecord } from './customers.repo.ts';
import { getPartnerCustomer } from './get-partner-customer.ts';
import { keepAttachments, loadAttachments } from './realname-attachments.ts';
import { readRealnamePolicy } from './realname-policy.ts';
import { countApplicationsSince, findApplication, hasApplicationInReview, insertApplication } from './realname.repo.ts';
import { applyRealnameDecision } from './apply-realname-decision.ts';
import { checkVerificationCode } from './check-verification-code.ts';
import { SCENE_BANK_CARD } from './send-verification-code.ts';

/** A validated real-name application, whichever operation it came through. */
export interface RealnameSubmission {
  kind: RealnameKind;
  customerId: string;
  xaccountType: string;
  /** What approval grants: 0 individual, 1 enterprise. */
  verifiedType: 0 | 1;
  identifyType: number;
  documentType: number | null;
  name: string;
  verifiedNumber: string;
  details: Record<string, unknown>;
  fileUrls: readonly string[];
  /** Bank-card verification: the scene-18 code sent to this number for this customer. */
  bankCode?: { mobile: string; code: string };
}

export const AUTO_REJECT_OPINION = 'Rejected automatically by the platform review policy.';

/**
 * Real-name attempts (CBC.99007191): at most this many applications per customer in any rolling 24
 * hours of business time, whatever became of them. Huawei does not publish its limit.
 */
export const REALNAME_ATTEMPTS_PER_DAY = 5;
const DAY_MS = 86_400_000;

/** What the pre-checks read about the customer's applications. */
interface ApplicationState {
  inReview: boolean;
  /** Applications in the last 24 hours. */
  recent: number;
}

async function applicationState(db: Conn, customerId: string, now: Date): Promise<ApplicationState> {
  const [inReview, recent] = await Promise.all([hasApplicationInReview(db, customerId), countApplicationsSince(db, customerId, iso(new Date(now.getTime() - DAY_MS)))]);
  return { inReview, recent };
}

function precheck(kind: RealnameKind, customer: CustomerRecord, state: ApplicationState): void {
  if (state.inReview) throw alreadyVerifiedOrInReview();
  if (kind === 'change') {
    if (customer.verified_status !== 2 || customer.customer_type !== 0) {
      throw preCheckFailed('a real-name change applies only to a customer verified as an individual');
    }
  } else if (customer.verified_status === 2) {
    throw alreadyVerifiedOrInReview();
  }
  if (state.recent >= REALNAME_ATTEMPTS_PER_DAY) throw realnameAttemptsExceeded(REALNAME_ATTEMPTS_PER_DAY);
}

/**
 * Submits a real-name application for one of the calling partner's own customers (these
 * operations have no indirect_partner_id). Checks the customer's state, reads and keeps the
 * attachments, records the application and, unless the policy is manual, decides it at once.
 * Answers is_review: 1 when a person will review it, 0 when it was decided automatically.
 */
export async function submitRealnameApplication(deps: Deps, caller: Caller, sub: RealnameSubmission): Promise<{ is_review: number }> {
  const db = deps.db.kysely;
  const customer = await getPartnerCustomer(db, caller.accountId, sub.customerId);
  if (customer.xaccount_type && customer.xaccount_type !== sub.xaccountType) {
    throw invalidParam('xaccount_type', 'is not the partner platform the customer was registered under');
  }
  precheck(sub.kind, customer, await applicationState(db, customer.id, deps.clock.now()));
  const files = await loadAttachments(deps.objectStore, caller.accountId, sub.fileUrls);
  const id = deps.ids.hex32();
  // Kept before the transaction: a failed submission leaves unreferenced copies, never an
  // application whose files are missing.
  const keys = await keepAttachments(deps.objectStore, id, files);
  const now = deps.clock.now();

  const outcome = await db.transaction().execute(async (trx: Conn): Promise<{ isReview: number } | { rejected: AppError }> => {
    await serializeOn(trx, `realname:${customer.id}`);
    const current = await getPartnerCustomer(trx, caller.accountId, customer.id);
    precheck(sub.kind, current, await applicationState(trx, customer.id, now));
    if (sub.bankCode) {
      const check = await checkVerificationCode(trx, now, { ownerId: caller.accountId, mobile: sub.bankCode.mobile, scene: SCENE_BANK_CARD, customerId: customer.id }, sub.bankCode.code);
      if (!check.ok) return { rejected: check.error };
    }
    const policy = await readRealnamePolicy(trx);
    await insertApplication(trx, {
      id,
      customer_id: customer.id,
      partner_id: caller.accountId,
      kind: sub.kind,
      verified_type: sub.verifiedType,
      identify_type: sub.identifyType,
      document_type: sub.documentType,
      name: sub.name,
      verified_number: sub.verifiedNumber,
      details: JSON.stringify(sub.details),
      files: JSON.stringify(keys),
      review_result: 0,
      is_review: policy === 'manual' ? 1 : 0,
      opinion: null,
      decided_by: null,
      submitted_at: iso(now),
      decided_at: null,
    });
    // A change keeps the customer verified as an individual while it is reviewed.
    if (sub.kind !== 'change') await updateCustomerProfile(trx, customer.id, { verified_status: 0 });
    if (policy !== 'manual') {
      const app = (await findApplication(trx, id))!;
      await applyRealnameDecision(trx, app, { approve: policy === 'approve', opinion: AUTO_REJECT_OPINION, decidedBy: 'auto' }, now);
    }
    return { isReview: policy === 'manual' ? 1 : 0 };
  });
  if ('rejected' in outcome) throw outcome.rejected;
  return { is_review: outcome.isReview };
}
