import { sql, type Kysely } from 'kysely';
import { makeAppendOnly, serialPrimaryKey } from '../dialect.ts';

/**
 * Association changes (issue 4): requests to unbind a customer from its partner or to switch its
 * association type, confirmed by the other side; an append-only history of the associations that
 * ended; the account that unbound customers belong to (the platform's direct customers); and
 * customers' postal addresses.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // An unbound customer is a direct customer of the platform: customers.partner_id names this
  // account, which is no partner, so no partner query ever reaches the customer again. Frozen and
  // without users or keys, it can never sign in; its name breaks every account-name rule, so no
  // real account can take it. (The associations module names the id: DIRECT_ACCOUNT_ID.)
  await sql`
    insert into accounts (id, name, kind, partner_type, parent_id, display_name, status, is_demo, created_at)
    values ('platform-direct', 'platform:direct', 'operator', null, null, 'Direct customers of the platform (unbound from their partner)', 'frozen', 0, '1970-01-01T00:00:00.000Z')
  `.execute(db);

  await db.schema
    .createTable('association_requests')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('customer_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    // The partner the customer was associated with when the request was made.
    .addColumn('partner_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('action', 'varchar(16)', (c) => c.notNull().check(sql`action in ('unbind', 'switch')`))
    .addColumn('from_type', 'integer', (c) => c.notNull().check(sql`from_type in (1, 2)`))
    .addColumn('to_type', 'integer', (c) => c.check(sql`to_type is null or to_type in (1, 2)`))
    .addColumn('initiator_side', 'varchar(16)', (c) => c.notNull().check(sql`initiator_side in ('customer', 'partner', 'operator')`))
    .addColumn('initiated_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('reason', 'varchar(255)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull().check(sql`status in ('pending', 'completed', 'declined', 'cancelled', 'expired')`))
    // The number a confirmation code went to (partner and operator requests); null: no code needed.
    .addColumn('confirm_mobile', 'varchar(32)')
    .addColumn('requested_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('decided_at', 'varchar(32)')
    .addColumn('decided_by', 'varchar(64)')
    .addColumn('decision_note', 'varchar(255)')
    // JSON: what completing the request moved (trans_id, amount, coupons).
    .addColumn('outcome', 'text')
    .addCheckConstraint('association_requests_target_ck', sql`(action = 'unbind' and to_type is null) or (action = 'switch' and to_type is not null and to_type <> from_type)`)
    .execute();
  await db.schema.createIndex('association_requests_customer_idx').on('association_requests').columns(['customer_id', 'requested_at']).execute();
  await db.schema.createIndex('association_requests_partner_idx').on('association_requests').columns(['partner_id', 'requested_at']).execute();
  // At most one open request per customer.
  await db.schema
    .createIndex('association_requests_open_uq')
    .on('association_requests')
    .column('customer_id')
    .unique()
    .where(sql.ref('status'), '=', 'pending')
    .execute();

  const [serialType, serial] = serialPrimaryKey(db);
  // The associations that ended; the current one is the customers row.
  await db.schema
    .createTable('association_history')
    .addColumn('id', serialType, serial)
    .addColumn('customer_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('partner_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('association_type', 'integer', (c) => c.notNull().check(sql`association_type in (1, 2)`))
    .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('ended_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('end_reason', 'varchar(16)', (c) => c.notNull().check(sql`end_reason in ('unbind', 'switch')`))
    .addColumn('request_id', 'varchar(64)', (c) => c.notNull().references('association_requests.id'))
    .execute();
  await db.schema.createIndex('association_history_customer_idx').on('association_history').columns(['customer_id', 'ended_at']).execute();
  await makeAppendOnly(db, 'association_history');

  await db.schema
    .createTable('customer_addresses')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('customer_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('recipient', 'varchar(64)', (c) => c.notNull())
    .addColumn('mobile_phone', 'varchar(32)', (c) => c.notNull())
    .addColumn('province_code', 'varchar(6)', (c) => c.notNull())
    .addColumn('city_code', 'varchar(6)', (c) => c.notNull())
    .addColumn('county_code', 'varchar(6)')
    .addColumn('detail_address', 'varchar(255)', (c) => c.notNull())
    .addColumn('postal_code', 'varchar(6)')
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0).check(sql`is_default in (0, 1)`))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customer_addresses_customer_idx').on('customer_addresses').columns(['customer_id', 'created_at']).execute();
  await db.schema
    .createIndex('customer_addresses_default_uq')
    .on('customer_addresses')
    .column('customer_id')
    .unique()
    .where(sql.ref('is_default'), '=', 1)
    .execute();
}
