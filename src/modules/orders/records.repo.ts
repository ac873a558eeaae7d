import type { Insertable, Transaction } from 'kysely';
import type { BillRecordsTable, DB, RefundItemsTable } from '../../platform/db/schema.ts';
import { toFen } from '../../platform/money.ts';
import type { Conn } from './orders.repo.ts';

/** SQL for bill records, refund details and renewal settings. */

export async function insertBillRecords(trx: Transaction<DB>, rows: Insertable<BillRecordsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 20) await trx.insertInto('bill_records').values(rows.slice(i, i + 20)).execute();
}

export async function insertRefundItems(trx: Transaction<DB>, rows: Insertable<RefundItemsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 50) await trx.insertInto('refund_items').values(rows.slice(i, i + 50)).execute();
}

export async function findRefundItems(db: Conn, orderId: string) {
  const rows = await db.selectFrom('refund_items').selectAll().where('order_id', '=', orderId).orderBy('seq').execute();
  return rows.map((r) => ({ ...r, amount: toFen(r.amount) }));
}

export async function findRenewConfig(db: Conn, customerId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('renew_configs').select(['config_name', 'config_value']).where('customer_id', '=', customerId).execute();
  return new Map(rows.map((r) => [r.config_name, r.config_value]));
}

export async function upsertRenewConfig(trx: Transaction<DB>, customerId: string, name: string, value: string, at: string): Promise<void> {
  await trx
    .insertInto('renew_configs')
    .values({ customer_id: customerId, config_name: name, config_value: value, updated_at: at })
    .onConflict((oc) => oc.columns(['customer_id', 'config_name']).doUpdateSet({ config_value: value, updated_at: at }))
    .execute();
}

/** Service and resource type names for the wire (the catalog's tables; read only). */
export async function findTypeNames(db: Conn, serviceCodes: readonly string[], resourceCodes: readonly string[]) {
  const [services, resources] = await Promise.all([
    serviceCodes.length ? db.selectFrom('catalog_service_types').select(['code', 'name_zh', 'name_en']).where('code', 'in', [...new Set(serviceCodes)]).execute() : [],
    resourceCodes.length ? db.selectFrom('catalog_resource_types').select(['code', 'name_zh', 'name_en']).where('code', 'in', [...new Set(resourceCodes)]).execute() : [],
  ]);
  return { services: new Map(services.map((s) => [s.code, s])), resources: new Map(resources.map((r) => [r.code, r])) };
}

/** Spec names (product_spec_desc) for the wire. */
export async function findSpecNames(db: Conn, specs: ReadonlyArray<{ service: string; resource: string; spec: string }>) {
  if (specs.length === 0) return new Map<string, { name_zh: string; name_en: string }>();
  const rows = await db
    .selectFrom('catalog_resource_specs')
    .select(['service_type_code', 'resource_type_code', 'spec_code', 'name_zh', 'name_en'])
    .where('spec_code', 'in', [...new Set(specs.map((s) => s.spec))])
    .execute();
  return new Map(rows.map((r) => [`${r.service_type_code}|${r.resource_type_code}|${r.spec_code}`, { name_zh: r.name_zh, name_en: r.name_en }]));
}
