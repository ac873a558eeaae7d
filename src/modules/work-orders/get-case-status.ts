import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { findCaseFor } from './case-lookup.ts';

/** GET /cases/{id}/status. */
export async function getCaseStatus(deps: Pick<Deps, 'db'>, caller: Caller, caseId: string): Promise<{ status: number }> {
  const { row } = await findCaseFor(deps.db.kysely, caller, caseId);
  return { status: row.status };
}
