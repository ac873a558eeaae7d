import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import { makeAppendOnly, serialPrimaryKey } from '../dialect.ts';

/**
 * Usage (issue 8 part A): ingested usage records, the lines rating made of them (per resource,
 * usage type and hour; or per month for 95th-percentile bandwidth), free resource packages and
 * what was deducted from them, per-cycle sums of on-demand charges (what a month's bill reads
 * without scanning a million rows), and customers' arrears. The on-demand charges themselves are
 * bill_records rows (charge_mode 3, bill_type 5; 25 for the month's truncation make-up).
 * Amounts: fen (bigint), or 10^-8 yuan where a column ends in `_e8`. Usage values: exact decimal
 * text. Instants: ISO-8601 UTC text; bill cycles and dates: UTC+8.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const money = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(0);
  const [serialType, serial] = serialPrimaryKey(db);

  await db.schema
    .createTable('usage_records')
    // Ingestion order: the rating claims the oldest unrated records first.
    .addColumn('id', serialType, serial)
    .addColumn('source', 'varchar(64)', (c) => c.notNull())
    .addColumn('record_id', 'varchar(128)', (c) => c.notNull())
    // SHA-256 of the record's canonical content: same id and hash is a duplicate, another hash a conflict.
    .addColumn('content_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('customer_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('partner_id', 'varchar(64)')
    .addColumn('resource_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('service_type_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_type_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('spec_code', 'varchar(128)', (c) => c.notNull())
    .addColumn('region_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_size', 'integer')
    .addColumn('size_measure_id', 'integer')
    .addColumn('usage_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('usage_value', 'varchar(48)', (c) => c.notNull())
    .addColumn('usage_measure_id', 'integer', (c) => c.notNull())
    .addColumn('begin_time', 'varchar(32)', (c) => c.notNull())
    .addColumn('end_time', 'varchar(32)', (c) => c.notNull())
    // The UTC hour the record is rated in (the hour of begin_time), and its bill cycle (UTC+8).
    .addColumn('hour_start', 'varchar(32)', (c) => c.notNull())
    .addColumn('bill_cycle', 'varchar(7)', (c) => c.notNull())
    .addColumn('ingested_at', 'varchar(32)', (c) => c.notNull())
    // 0 new (awaiting the hourly rating), 1 rated, 2 held (a 95th-percentile point awaiting the month's close), 3 unrateable.
    .addColumn('status', 'integer', (c) => c.notNull().defaultTo(0).check(sql`status in (0, 1, 2, 3)`))
    .addColumn('rated_line_id', 'varchar(64)')
    .addColumn('rating_error', 'varchar(256)')
    .addUniqueConstraint('usage_records_source_record_uq', ['source', 'record_id'])
    .execute();
  // The rating queue: only unrated records are in these partial indexes, so they stay small.
  await db.schema.createIndex('usage_records_new_idx').on('usage_records').column('id').where(sql.ref('status'), '=', 0).execute();
  await db.schema
    .createIndex('usage_records_held_idx')
    .on('usage_records')
    .columns(['bill_cycle', 'customer_id', 'resource_id', 'usage_type'])
    .where(sql.ref('status'), '=', 2)
    .execute();

  await db.schema
    .createTable('usage_rated_lines')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    // The smallest usage_records.id the line rates: each record is rated once, so a rerun of a
    // crashed or raced batch cannot write the same line twice.
    .addColumn('first_record_id', 'bigint', (c) => c.notNull().unique())
    // hourly | p95
    .addColumn('kind', 'varchar(8)', (c) => c.notNull().check(sql`kind in ('hourly', 'p95')`))
    .addColumn('customer_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('partner_id', 'varchar(64)')
    .addColumn('resource_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('service_type_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_type_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('spec_code', 'varchar(128)', (c) => c.notNull())
    .addColumn('region_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('product_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_size', 'integer')
    .addColumn('size_measure_id', 'integer')
    .addColumn('usage_type', 'varchar(64)', (c) => c.notNull())
    // The price's unit; the usage values below are in it.
    .addColumn('usage_measure_id', 'integer', (c) => c.notNull())
    .addColumn('usage_value', 'varchar(48)', (c) => c.notNull())
    .addColumn('free_usage', 'varchar(48)', (c) => c.notNull().defaultTo('0'))
    .addColumn('record_count', 'integer', (c) => c.notNull())
    // The hour rated ([start, end)), or the month for p95 lines.
    .addColumn('period_start', 'varchar(32)', (c) => c.notNull())
    .addColumn('period_end', 'varchar(32)', (c) => c.notNull())
    .addColumn('bill_cycle', 'varchar(7)', (c) => c.notNull())
    .addColumn('bill_date', 'varchar(10)', (c) => c.notNull())
    // Exact to 10^-8 yuan (truncated once from the exact price): official = discount + consume.
    .addColumn('official_e8', 'bigint', (c) => c.notNull())
    .addColumn('discount_e8', 'bigint', (c) => c.notNull())
    .addColumn('consume_e8', 'bigint', (c) => c.notNull())
    // In fen, truncated (the sub-fen rest is charged once a month, bill type 25), and how it was paid.
    .addColumn('official_amount', 'bigint', money)
    .addColumn('discount_amount', 'bigint', money)
    .addColumn('consume_amount', 'bigint', money)
    .addColumn('cash_amount', 'bigint', money)
    .addColumn('credit_amount', 'bigint', money)
    .addColumn('debt_amount', 'bigint', money)
    .addColumn('discount_id', 'varchar(64)')
    .addColumn('discount_type', 'integer')
    .addColumn('bill_record_id', 'varchar(64)', (c) => c.notNull())
    // The journal entry that took the cash and credit (one per customer per rating batch); null when nothing was taken.
    .addColumn('ledger_entry_id', 'bigint')
    .addColumn('rated_at', 'varchar(32)', (c) => c.notNull())
    .addCheckConstraint(
      'usage_rated_lines_amounts_ck',
      sql`official_e8 = discount_e8 + consume_e8 and official_amount = discount_amount + consume_amount and consume_amount = cash_amount + credit_amount + debt_amount and consume_amount >= 0 and discount_amount >= 0`,
    )
    .execute();
  await db.schema.createIndex('usage_rated_lines_customer_idx').on('usage_rated_lines').columns(['customer_id', 'bill_cycle', 'period_start']).execute();
  await db.schema.createIndex('usage_rated_lines_resource_idx').on('usage_rated_lines').columns(['resource_id', 'period_start']).execute();
  await makeAppendOnly(db, 'usage_rated_lines');

  await db.schema
    .createTable('free_resource_packages')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('customer_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('name', 'varchar(128)', (c) => c.notNull())
    .addColumn('service_type_code', 'varchar(64)', (c) => c.notNull())
    // Null: any resource type of the service / any region.
    .addColumn('resource_type_code', 'varchar(64)')
    .addColumn('region_code', 'varchar(64)')
    .addColumn('usage_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('measure_id', 'integer', (c) => c.notNull())
    // Decimal text in measure_id: the package's size and what has been used of it.
    .addColumn('amount', 'varchar(48)', (c) => c.notNull())
    .addColumn('used', 'varchar(48)', (c) => c.notNull().defaultTo('0'))
    // 0 not effective, 1 effective, 2 used up, 3 expired, 4 unsubscribed (the free-resource API's codes).
    .addColumn('status', 'integer', (c) => c.notNull().check(sql`status in (0, 1, 2, 3, 4)`))
    .addColumn('order_id', 'varchar(64)')
    .addColumn('effective_time', 'varchar(32)', (c) => c.notNull())
    .addColumn('expire_time', 'varchar(32)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('free_resource_packages_customer_idx').on('free_resource_packages').columns(['customer_id', 'expire_time']).execute();

  await db.schema
    .createTable('free_resource_usages')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('package_id', 'varchar(64)', (c) => c.notNull().references('free_resource_packages.id'))
    .addColumn('customer_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('rated_line_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('usage_type', 'varchar(64)', (c) => c.notNull())
    // Decimal text in the package's measure.
    .addColumn('amount', 'varchar(48)', (c) => c.notNull())
    .addColumn('deduct_time', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('free_resource_usages_line_uq', ['rated_line_id', 'package_id'])
    .execute();
  await db.schema.createIndex('free_resource_usages_customer_idx').on('free_resource_usages').columns(['customer_id', 'deduct_time']).execute();
  await db.schema.createIndex('free_resource_usages_package_idx').on('free_resource_usages').columns(['package_id', 'deduct_time']).execute();
  await makeAppendOnly(db, 'free_resource_usages');

  // Running sums of on-demand bill records (types 5 and 25) per customer, cycle and product
  // family, kept in the rating transaction: a month's bill summary reads a few rows.
  await db.schema
    .createTable('usage_cycle_sums')
    .addColumn('customer_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('bill_cycle', 'varchar(7)', (c) => c.notNull())
    // '' when the customer had no partner.
    .addColumn('partner_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('service_type_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_type_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('region_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('official_amount', 'bigint', money)
    .addColumn('discount_amount', 'bigint', money)
    .addColumn('consume_amount', 'bigint', money)
    .addColumn('cash_amount', 'bigint', money)
    .addColumn('credit_amount', 'bigint', money)
    .addColumn('debt_amount', 'bigint', money)
    // Sum of the type-5 lines' consume_e8: the month's close charges floor(consume_e8 / 10^6) − consume_amount (type 25).
    .addColumn('consume_e8', 'bigint', money)
    .addColumn('record_count', 'bigint', money)
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_cycle_sums_pk', ['customer_id', 'bill_cycle', 'partner_id', 'service_type_code', 'resource_type_code', 'region_code'])
    .execute();

  // What a customer owes for usage its balances could not cover.
  await db.schema
    .createTable('customer_arrears')
    .addColumn('customer_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('debt_amount', 'bigint', (c) => c.notNull().check(sql`debt_amount >= 0`))
    // When the debt last went from zero to positive (the grace period runs from here); null when none.
    .addColumn('since', 'varchar(32)')
    // When the customer's on-demand resources were frozen for it; null when not frozen.
    .addColumn('frozen_at', 'varchar(32)')
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  // On-demand resources frozen for arrears (on-demand resource status 3), and when they thawed.
  await db.schema
    .createTable('usage_frozen_resources')
    .addColumn('resource_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('customer_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('frozen_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('usage_frozen_resources_customer_idx').on('usage_frozen_resources').column('customer_id').execute();
}
