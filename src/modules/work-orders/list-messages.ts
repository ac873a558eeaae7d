import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { findCaseFor } from './case-lookup.ts';
import { toMessageInfo } from './case-views.ts';
import { countMessagesOf, listAttachmentsOfCase, listMessagesOf } from './work-orders.repo.ts';

/** GET /cases/{id}/messages: oldest first, the opening description included (is_first_message 1). */
export async function listMessages(deps: Pick<Deps, 'db'>, caller: Caller, caseId: string, page: { offset: number; limit: number }) {
  const { row } = await findCaseFor(deps.db.kysely, caller, caseId);
  const [count, messages, attachments] = await Promise.all([
    countMessagesOf(deps.db.kysely, row.id),
    listMessagesOf(deps.db.kysely, row.id, page),
    listAttachmentsOfCase(deps.db.kysely, row.id),
  ]);
  return { count, message_list: messages.map((m) => toMessageInfo(m, attachments)) };
}
