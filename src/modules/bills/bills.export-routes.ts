import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Deps } from '../../platform/deps.ts';
import type { Guards } from '../../platform/http/guards.ts';
import { OperatorError } from '../../platform/http/operator-schemas.ts';
import { languageOf } from '../../contract/register-partner-api.ts';
import { toCsv, toXlsx } from './bill-export-format.ts';
import { exportBills } from './export-bills.ts';

const ExportQuery = Type.Object(
  {
    bill_cycle: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'The month, YYYY-MM (UTC+8).' }),
    format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { default: 'csv' })),
    customer_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Partners: one customer only.' })),
    indirect_partner_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "Tier-1 distributors: a tier-2 reseller's customers." })),
  },
  { additionalProperties: false },
);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Bill exports (an extension; the partner API has none): a month's bill records of the caller's
 * own scope as CSV or XLSX, signed like the partner API.
 */
export function registerBillExportRoutes(app: FastifyInstance, deps: Deps, guards: Guards): void {
  app.get<{ Querystring: Static<typeof ExportQuery> }>(
    '/v2/extension/bills/export',
    {
      schema: {
        tags: ['Bills'],
        operationId: 'export_bills',
        summary: 'export bills (extension)',
        description:
          "A month's bill records as a file. A customer gets its own records (the fee records' rows); a partner gets the records of its customers written while they were its customers (customer_id narrows to one; a tier-1 distributor names a tier-2 reseller with indirect_partner_id). Columns: the fee record's fields, amounts in yuan with two decimals, trade_time in UTC, bill_cycle and bill_date in UTC+8. CSV is UTF-8 with a byte-order mark. At most 100000 records per file (CBC.0100 beyond). Same look-back as the records: 18 months.",
        querystring: ExportQuery,
        produces: ['text/csv', XLSX],
        response: {
          200: { description: 'The file (text/csv or the XLSX media type), as an attachment.', type: 'string', format: 'binary' },
          ...OperatorError,
        },
      },
      preValidation: guards.anyCaller,
    },
    async (request, reply) => {
      const format = request.query.format ?? 'csv';
      const table = await exportBills(deps, request.caller!, request.query, languageOf(request));
      const file = format === 'xlsx' ? await toXlsx(table) : toCsv(table);
      return reply
        .header('content-type', format === 'xlsx' ? XLSX : 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${table.name}.${format}"`)
        .send(file);
    },
  );
}
