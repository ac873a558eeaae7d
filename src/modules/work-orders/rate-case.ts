import type { Deps } from '../../platform/deps.ts';
import { appendEvent } from '../../platform/event-outbox.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { workOrderEvent } from './case-events.ts';
import { findCaseFor } from './case-lookup.ts';
import { checkSatisfaction, type SatisfactionInput } from './case-rules.ts';
import { nextStatus, type CaseStatus } from './case-status.ts';
import { invalidParam, noPermission, statusConflict } from './work-orders.errors.ts';
import { rateCaseOnce } from './work-orders.repo.ts';

export interface RateCaseInput {
  judgement: string;
  incident_satisfaction_list: SatisfactionInput[];
}

/** POST /cases/{id}/score: the submitter rates a completed ticket, once. */
export async function rateCase(deps: Pick<Deps, 'db' | 'clock'>, caller: Caller, caseId: string, input: RateCaseInput): Promise<void> {
  if (input.judgement.length > 2000) throw invalidParam('judgement must be at most 2000 characters');
  const rating = checkSatisfaction(input.incident_satisfaction_list);
  const at = deps.clock.now();
  await deps.db.kysely.transaction().execute(async (trx) => {
    const { row, relation } = await findCaseFor(trx, caller, caseId);
    if (relation !== 'submitter') throw noPermission('only whoever opened the case rates it');
    if (nextStatus('submitter', 'rate', row.status as CaseStatus) === null) throw statusConflict('rate', row.status);
    if (!(await rateCaseOnce(trx, row.id, { satisfaction: JSON.stringify(rating), judgement: input.judgement, at: at.toISOString() }))) {
      throw statusConflict('rate (already rated)', row.status);
    }
    await appendEvent(trx, workOrderEvent('work_order.rated', row, caller, { satisfaction: rating }), at);
  });
}
