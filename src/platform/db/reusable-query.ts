import { createQueryId, sql, type Compilable, type CompiledQuery, type Kysely, type QueryResult, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from './schema.ts';

/** Stands for a parameter while Kysely builds a query once; replaced by the value at each run. */
class Slot {
  constructor(readonly path: readonly (string | number)[]) {}
}

type Conn = Kysely<DB> | Transaction<DB>;

interface Template {
  sql: string;
  query: CompiledQuery['query'];
  /** Per position: a Slot to fill from the run's parameters, or a constant the builder put there. */
  parameters: unknown[];
}

const slotsAt = (prefix: readonly (string | number)[]) => new Proxy({}, { get: (_target, name) => new Slot([...prefix, String(name)]) });

/**
 * Placeholders for the given columns of `count` rows of `params.rows`, for a multi-row insert: pass
 * them to `.values()` in the builder of a reusableQuery whose shape is the row count. (Kysely reads
 * an inserted row's columns from its keys, so the rows are plain objects, not placeholders.)
 */
export function slotRows<R extends object>(count: number, columns: ReadonlyArray<keyof R & string>): R[] {
  return Array.from({ length: count }, (_, i) => Object.fromEntries(columns.map((c) => [c, new Slot(['rows', i, c])])) as R);
}

/**
 * A query of fixed shape that Kysely builds and compiles once per dialect (and shape) instead of at
 * every run. Building and compiling a Kysely query costs about as much CPU as SQLite takes to run a
 * small statement, and a money movement runs a dozen of them; the hot ones are declared with this.
 *
 * `build` receives `p`, whose every property is a placeholder for the parameter of that name, and
 * must use placeholders only as values (never look into them, nor hand `p` itself to `.values()`,
 * which reads its keys); `shape` tells apart the variants of
 * a query whose SQL depends on more than values (the number of rows of an insert: see slotRows) and
 * is passed to `build`. Values the builder writes in itself are kept as they are.
 *
 *   const findName = reusableQuery((db, p: { id: string }) => db.selectFrom('accounts').select('name').where('id', '=', p.id));
 *   const { rows } = await findName(trx, { id });
 */
export interface ReusableQuery<P, O, S> {
  (db: Conn, params: P, shape?: S): Promise<QueryResult<O>>;
  /** The query with these parameters, compiled and not run (to be sent inside another: see asRaw). */
  compile(db: Conn, params: P, shape?: S): CompiledQuery<O>;
}

export function reusableQuery<P extends object, O, S extends string | number = ''>(build: (db: Conn, p: P, shape: S) => Compilable<O>): ReusableQuery<P, O, S> {
  const templates = new Map<unknown, Map<S, Template>>();
  const compile = (db: Conn, params: P, shape = '' as S): CompiledQuery<O> => {
    const dialect = db.getExecutor().adapter.constructor;
    let byShape = templates.get(dialect);
    if (!byShape) templates.set(dialect, (byShape = new Map()));
    let template = byShape.get(shape);
    if (!template) {
      const compiled = build(db, slotsAt([]) as P, shape).compile();
      template = { sql: compiled.sql, query: compiled.query, parameters: [...compiled.parameters] };
      byShape.set(shape, template);
    }
    const parameters = template.parameters.map((v) => (v instanceof Slot ? valueAt(params, v.path) : v));
    return { sql: template.sql, query: template.query, parameters, queryId: createQueryId() };
  };
  return Object.assign(async (db: Conn, params: P, shape?: S) => db.executeQuery<O>(compile(db, params, shape)), { compile });
}

/**
 * A query compiled for PostgreSQL ($1, $2, … placeholders, each once, in order, as Kysely writes
 * them), as a raw SQL fragment with the same values, to be embedded in another statement: the
 * write-behind flush sends a group's inserts and updates as one statement of data-modifying CTEs.
 */
export function asRaw(compiled: CompiledQuery): RawBuilder<unknown> {
  let fragments = fragmentsOf.get(compiled.sql);
  if (!fragments) {
    const numbers = [...compiled.sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
    if (numbers.length !== compiled.parameters.length || numbers.some((n, i) => n !== i + 1)) throw new Error('asRaw: the placeholders do not match the parameters');
    fragments = compiled.sql.split(/\$\d+/);
    fragmentsOf.set(compiled.sql, fragments);
  }
  return sql(fragments as unknown as TemplateStringsArray, ...compiled.parameters);
}

const fragmentsOf = new Map<string, string[]>();

function valueAt(params: object, path: readonly (string | number)[]): unknown {
  let value: unknown = params;
  for (const step of path) value = (value as Record<string | number, unknown>)[step];
  if (value === undefined) throw new Error(`reusableQuery: no value for ${path.join('.')}`);
  return value;
}
