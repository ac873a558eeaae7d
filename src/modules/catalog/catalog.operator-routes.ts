import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Deps } from '../../platform/deps.ts';
import type { Guards } from '../../platform/http/guards.ts';
import { OperatorError } from '../../platform/http/operator-schemas.ts';
import { rawBodyOf } from '../../platform/http/raw-body.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import { CatalogDocument, CATALOG_TABLES, isCatalogTable } from './catalog-document.ts';
import { csvToDocument, tableToCsv } from './catalog-csv.ts';
import { invalidCatalog } from './catalog.errors.ts';
import { allPriceBooks, countPriceEntriesByBook } from './catalog.repo.ts';
import { exportCatalog } from './export-catalog.ts';
import { importCatalog } from './import-catalog.ts';
import { loadDefaultCatalog } from './load-default-catalog.ts';

const ImportSummary = Type.Object(
  { imported: Type.Record(Type.String(), Type.Integer(), { description: 'rows per table' }) },
  { title: 'CatalogImportSummary' },
);
const TableParams = Type.Object({ table: Type.Union(CATALOG_TABLES.map((t) => Type.Literal(t))) });
const PriceBookView = Type.Object(
  { code: Type.String(), name: Type.String(), effective_from: Type.String(), effective_to: Type.Union([Type.String(), Type.Null()]), entries: Type.Integer() },
  { title: 'PriceBookSummary' },
);

/** Operator plane: import and export the catalog and price books, as one JSON document or one CSV file per table. */
export function registerCatalogOperatorRoutes(app: FastifyInstance, deps: Deps, guards: Guards): void {
  const tags = ['Operator: catalog and price books'];
  app.post<{ Body: Static<typeof CatalogDocument> }>(
    '/operator/v1/catalog/import',
    {
      schema: {
        tags,
        summary: 'Import a catalog document (any sections): catalog rows are added or updated; the prices of each book priced are replaced',
        body: CatalogDocument,
        response: { 200: ImportSummary, ...OperatorError },
      },
      preValidation: guards.operatorOnly,
    },
    async (request) => ({ imported: await importCatalog(deps, request.body) }),
  );
  app.get(
    '/operator/v1/catalog/export',
    { schema: { tags, summary: 'The whole catalog and every price book as one document', response: { 200: CatalogDocument, ...OperatorError } }, preValidation: guards.operatorOnly },
    async () => exportCatalog(deps),
  );
  app.get<{ Params: Static<typeof TableParams> }>(
    '/operator/v1/catalog/tables/:table',
    {
      schema: {
        tags,
        summary: 'One catalog table as CSV (tiers as up_to:unit_price pairs joined by |, lists joined by ;)',
        params: TableParams,
        produces: ['text/csv'],
        response: { 200: Type.String({ description: 'text/csv' }), ...OperatorError },
      },
      preValidation: guards.operatorOnly,
    },
    async (request, reply) => {
      const doc = await exportCatalog(deps);
      return reply.type('text/csv; charset=utf-8').send(tableToCsv(request.params.table, doc));
    },
  );
  app.put<{ Params: Static<typeof TableParams> }>(
    '/operator/v1/catalog/tables/:table',
    {
      schema: {
        tags,
        summary: 'Import one catalog table from CSV (Content-Type: text/csv), as the JSON import would',
        params: TableParams,
        consumes: ['text/csv'],
        response: { 200: ImportSummary, ...OperatorError },
      },
      preValidation: guards.operatorOnly,
    },
    async (request) => {
      const table = request.params.table;
      if (!isCatalogTable(table)) throw invalidCatalog(`unknown table ${table}`);
      const type = String(request.headers['content-type'] ?? '');
      if (!/^text\/csv\b/i.test(type)) throw invalidCatalog('send the table as Content-Type: text/csv');
      return { imported: await importCatalog(deps, csvToDocument(table, rawBodyOf(request).toString('utf8'))) };
    },
  );
  app.get(
    '/operator/v1/catalog/price-books',
    {
      schema: { tags, summary: 'Price books with their effective dates and entry counts', response: { 200: Type.Object({ price_books: Type.Array(PriceBookView) }), ...OperatorError } },
      preValidation: guards.operatorOnly,
    },
    async () => {
      const [books, counts] = await Promise.all([allPriceBooks(deps.db.kysely), countPriceEntriesByBook(deps.db.kysely)]);
      const n = new Map(counts.map((c) => [c.book_code, Number(c.n)]));
      return {
        price_books: books.map((b) => ({
          code: b.code,
          name: b.name,
          effective_from: huaweiUtc(b.effective_from),
          effective_to: b.effective_to ? huaweiUtc(b.effective_to) : null,
          entries: n.get(b.code) ?? 0,
        })),
      };
    },
  );
  app.post(
    '/operator/v1/catalog/load-default',
    {
      schema: { tags, summary: 'Import the default (demo) catalog shipped with the platform, unless this version is already loaded', response: { 200: Type.Object({ loaded: Type.Boolean() }), ...OperatorError } },
      preValidation: guards.operatorOnly,
    },
    async () => ({ loaded: (await loadDefaultCatalog(deps)).imported !== null }),
  );
}
