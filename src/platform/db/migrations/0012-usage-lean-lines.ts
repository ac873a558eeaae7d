import { sql, type Kysely } from 'kysely';
import { isSqlite, makeAppendOnly } from '../dialect.ts';

/**
 * Rated lines (0009) lose two of their four indexes, which rating paid for on every line
 * (issue 8: ingest + rate throughput):
 *
 * - `usage_rated_lines_resource_idx` (resource_id, period_start): no read needs it. The reads of
 *   lines (95th-percentile bandwidth of a month, resources to freeze) name the customer and the
 *   cycle, which `usage_rated_lines_customer_idx` serves.
 * - UNIQUE (first_record_id): the second exactly-once guard. The first stays: a record is rated
 *   only by the transaction whose conditional update flips it from unrated (status 0, or 2 held)
 *   to rated, and a pass that flips fewer records than it claimed rolls back (rateUsage,
 *   settleGroups). On PostgreSQL the update waits for a concurrent rater's row lock and then
 *   re-reads the status; on SQLite writers run one at a time. `first_record_id` is kept as data.
 *
 * SQLite cannot drop a column's UNIQUE constraint: the table is rebuilt (same columns, same
 * check, same append-only triggers).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('usage_rated_lines_resource_idx').execute();
  if (!isSqlite(db)) {
    await sql`alter table usage_rated_lines drop constraint usage_rated_lines_first_record_id_key`.execute(db);
    return;
  }
  await sql`drop trigger usage_rated_lines_no_update`.execute(db);
  await sql`drop trigger usage_rated_lines_no_delete`.execute(db);
  await sql`drop index usage_rated_lines_customer_idx`.execute(db);
  await sql`alter table usage_rated_lines rename to usage_rated_lines_0009`.execute(db);
  await sql`
    create table usage_rated_lines (
      id varchar(64) primary key,
      first_record_id bigint not null,
      kind varchar(8) not null check (kind in ('hourly', 'p95')),
      customer_id varchar(64) not null,
      partner_id varchar(64),
      resource_id varchar(64) not null,
      service_type_code varchar(64) not null,
      resource_type_code varchar(64) not null,
      spec_code varchar(128) not null,
      region_code varchar(64) not null,
      product_id varchar(64) not null,
      resource_size integer,
      size_measure_id integer,
      usage_type varchar(64) not null,
      usage_measure_id integer not null,
      usage_value varchar(48) not null,
      free_usage varchar(48) default '0' not null,
      record_count integer not null,
      period_start varchar(32) not null,
      period_end varchar(32) not null,
      bill_cycle varchar(7) not null,
      bill_date varchar(10) not null,
      official_e8 bigint not null,
      discount_e8 bigint not null,
      consume_e8 bigint not null,
      official_amount bigint default 0 not null,
      discount_amount bigint default 0 not null,
      consume_amount bigint default 0 not null,
      cash_amount bigint default 0 not null,
      credit_amount bigint default 0 not null,
      debt_amount bigint default 0 not null,
      discount_id varchar(64),
      discount_type integer,
      bill_record_id varchar(64) not null,
      ledger_entry_id bigint,
      rated_at varchar(32) not null,
      constraint usage_rated_lines_amounts_ck check (official_e8 = discount_e8 + consume_e8 and official_amount = discount_amount + consume_amount and consume_amount = cash_amount + credit_amount + debt_amount and consume_amount >= 0 and discount_amount >= 0)
    )`.execute(db);
  await sql`insert into usage_rated_lines select * from usage_rated_lines_0009`.execute(db);
  await sql`drop table usage_rated_lines_0009`.execute(db);
  await db.schema.createIndex('usage_rated_lines_customer_idx').on('usage_rated_lines').columns(['customer_id', 'bill_cycle', 'period_start']).execute();
  await makeAppendOnly(db, 'usage_rated_lines');
}
