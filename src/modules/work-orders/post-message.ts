import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { appendEvent } from '../../platform/event-outbox.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { applyTransition } from './apply-transition.ts';
import { workOrderEvent } from './case-events.ts';
import { findCaseFor } from './case-lookup.ts';
import { nextStatus, type CaseStatus } from './case-status.ts';
import { REFERENCE_DATA } from './reference-data.ts';
import { accessoryNotFound, invalidParam, noPermission, statusConflict } from './work-orders.errors.ts';
import { claimAttachments, findUserName, insertMessage, takeMessageSeq } from './work-orders.repo.ts';

export interface PostMessageInput {
  content: string;
  accessory_ids?: string[];
  is_authorized?: number;
  authorization_content?: string;
}

/**
 * POST /cases/{id}/message. The submitter writes (type 0); the handler replies (type 1; replier
 * 2 when a partner's staff answer). Writing may move the ticket (case-status.ts): a handler's
 * answer accepts a pending ticket, a submitter's reply reopens one waiting for confirmation or
 * feedback. Readers who do not answer (a tier-1 above the partner, the operator on a
 * partner-owned ticket) may not write.
 */
export async function postMessage(
  deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'secretBox'>,
  caller: Caller,
  caseId: string,
  input: PostMessageInput,
): Promise<void> {
  const authorized = input.is_authorized === 1;
  if (authorized && !input.authorization_content) throw invalidParam('message.authorization_content is required when is_authorized is 1');
  const accessoryIds = [...new Set(input.accessory_ids ?? [])];
  if (accessoryIds.length > REFERENCE_DATA.limits.accessory_count) throw invalidParam(`at most ${REFERENCE_DATA.limits.accessory_count} accessory_ids`);
  const at = deps.clock.now();
  const now = iso(at);
  const messageId = deps.ids.hex32();
  await deps.db.kysely.transaction().execute(async (trx) => {
    const seen = await findCaseFor(trx, caller, caseId);
    if (seen.relation === 'viewer') throw noPermission('you may read this case but not write to it');
    // Numbering the message locks the ticket; read it again under the lock, so that concurrent
    // replies each see the status the previous one left.
    const seq = await takeMessageSeq(trx, seen.row.id, now);
    const { row, relation } = await findCaseFor(trx, caller, caseId);
    if (relation === 'viewer') throw noPermission('you may read this case but not write to it');
    const to = nextStatus(relation, 'message', row.status as CaseStatus);
    if (to === null) throw statusConflict('message', row.status);
    const type = relation === 'submitter' ? 0 : 1;
    const replierType = relation === 'submitter' ? 0 : caller.role === 'operator' ? 1 : 2;
    await insertMessage(trx, {
      id: messageId,
      work_order_id: row.id,
      seq,
      type,
      replier_type: replierType,
      author_account_id: caller.accountId,
      author_user_id: caller.userId,
      author_name: await findUserName(trx, caller.userId),
      content: input.content,
      is_authorized: authorized ? 1 : 0,
      authorization_sealed: authorized ? deps.secretBox.seal(input.authorization_content!) : null,
      created_at: now,
    });
    if ((await claimAttachments(trx, accessoryIds, caller.accountId, row.id, messageId)) !== accessoryIds.length) {
      throw accessoryNotFound(accessoryIds.join(','));
    }
    await appendEvent(trx, workOrderEvent('work_order.message_posted', row, caller, { message_id: messageId, message_type: type, replier_type: replierType, accessory_count: accessoryIds.length }), at);
    await applyTransition(trx, row, to, 'message', caller, at, {}, { message_id: messageId });
  });
}
