import { CompiledQuery, type Transaction } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import type { DB } from '../../platform/db/schema.ts';

/**
 * COPY … FROM STDIN in the caller's PostgreSQL transaction (usage.repo.ts's bulk writes).
 *
 * Why: an `insert … select * from unnest($1::text[], …)` of 5,000 rated lines cost the server
 * about twice the CPU of a COPY of the same rows (array literals parsed element by element, then
 * unnested), and the driver's array quoting was the largest part of Node's time in the write.
 *
 * How: Kysely has no COPY, but it hands the compiled query's `sql` to the pg client unchanged,
 * and the client runs any "submittable" object it is given in its queue, on the connection
 * that holds the transaction, returning that object: the copy stream, made awaitable, goes
 * through Kysely's connection like a statement. Resolves with the rows copied; rejects with the
 * server's error (the transaction is then aborted, as for a failed statement).
 */
export async function copyInto(trx: Transaction<DB>, table: string, columns: readonly string[], text: string): Promise<number> {
  const stream = copyFrom(`copy "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) from stdin`);
  const done = new Promise<{ command: string; rowCount: number; rows: [] }>((resolve, reject) => {
    stream.on('finish', () => resolve({ command: 'COPY', rowCount: stream.rowCount, rows: [] }));
    stream.on('error', reject);
  });
  const awaitable = Object.assign(stream, { then: done.then.bind(done) });
  stream.end(text);
  await trx.executeQuery(CompiledQuery.raw(awaitable as unknown as string));
  return stream.rowCount;
}

const SPECIAL = /[\\\t\n\r]/;

/** One field of COPY's text format: `\N` for null, backslash escapes for the separators. */
function field(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value !== 'string') return String(value);
  return SPECIAL.test(value) ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : value;
}

/** Rows in COPY's text format, the columns in `columns` order. */
export function copyText<R extends object>(rows: readonly R[], columns: ReadonlyArray<keyof R & string>): string {
  const lines = new Array<string>(rows.length);
  const fields = new Array<string>(columns.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Record<string, unknown>;
    for (let c = 0; c < columns.length; c++) fields[c] = field(row[columns[c]!]);
    lines[i] = fields.join('\t');
  }
  return lines.join('\n') + '\n';
}
