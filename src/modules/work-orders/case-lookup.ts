import type { Caller } from '../../platform/http/caller.ts';
import { relationOf, type Relation } from './case-access.ts';
import type { BusinessOwnership } from './case-access.ts';
import { caseNotFound } from './work-orders.errors.ts';
import { findCase, type CaseRow, type Conn } from './work-orders.repo.ts';

/**
 * The ticket and how the caller stands to it. A ticket the caller may not see answers exactly as
 * one that does not exist (same code, same message shape).
 */
export async function findCaseFor(db: Conn, caller: Pick<Caller, 'role' | 'accountId'>, caseId: string): Promise<{ row: CaseRow; relation: Exclude<Relation, null> }> {
  const row = await findCase(db, caseId);
  if (!row) throw caseNotFound(caseId);
  const relation = relationOf(caller, { ...row, business_ownership: row.business_ownership as BusinessOwnership });
  if (!relation) throw caseNotFound(caseId);
  return { row, relation };
}
