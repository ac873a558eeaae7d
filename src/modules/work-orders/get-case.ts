import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { findCaseFor } from './case-lookup.ts';
import { toIncidentDetail } from './case-views.ts';
import type { Lang } from './reference-data.ts';
import { listAttachmentsOfCase, listMessagesOf } from './work-orders.repo.ts';

/** GET /cases/{id}: the ticket with its messages, attachments and rating. */
export async function getCase(deps: Pick<Deps, 'db'>, caller: Caller, caseId: string, lang: Lang) {
  const { row } = await findCaseFor(deps.db.kysely, caller, caseId);
  const [messages, attachments] = await Promise.all([listMessagesOf(deps.db.kysely, row.id), listAttachmentsOfCase(deps.db.kysely, row.id)]);
  return { incident_detail_info: toIncidentDetail(row, messages, attachments, lang) };
}
