/**
 * Work that one transaction needs done once however many units of work ask for it (the events
 * fan-out job made due again: every money movement in a group commit appends an event, and one
 * re-arm per group is enough). Marks live as long as the transaction object; group commit forgets
 * them when it rolls back to a savepoint, since the rolled-back work may have been the one that did
 * it.
 */
const marks = new WeakMap<object, Set<string>>();

export async function oncePerTransaction(trx: object, key: string, work: () => Promise<void>): Promise<void> {
  let done = marks.get(trx);
  if (done?.has(key)) return;
  await work();
  if (!done) marks.set(trx, (done = new Set()));
  done.add(key);
}

/** After a partial rollback: whatever was done once may have been undone. */
export function forgetOnceMarks(trx: object): void {
  marks.delete(trx);
}
