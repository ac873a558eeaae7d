import { serialPrimaryKey } from '../dialect.ts';
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';

/**
 * Work orders (tickets), their messages and attachments; and `outbox_events`, the platform's
 * event outbox: rows written in the same transaction as the change they announce, for the
 * webhooks to deliver later.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('work_orders')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('customer_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('submitter_user_id', 'varchar(64)', (c) => c.notNull().references('users.id'))
    .addColumn('submitter_user_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('partner_id', 'varchar(64)', (c) => c.references('accounts.id'))
    .addColumn('tier1_id', 'varchar(64)', (c) => c.references('accounts.id'))
    .addColumn('business_ownership', 'integer', (c) => c.notNull().check(sqlIn('business_ownership', [0, 1])))
    .addColumn('business_type_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('incident_sub_type_id', 'varchar(64)')
    .addColumn('product_category_id', 'varchar(64)')
    .addColumn('region_id', 'varchar(64)')
    .addColumn('severity_id', 'varchar(64)')
    .addColumn('source_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('simple_description', 'text', (c) => c.notNull())
    .addColumn('project_id', 'varchar(64)')
    .addColumn('remind_mobile', 'varchar(32)')
    .addColumn('remind_mail', 'varchar(128)')
    .addColumn('remind_time', 'varchar(32)')
    .addColumn('area_code', 'varchar(8)')
    .addColumn('extends_map', 'text', (c) => c.notNull())
    .addColumn('extension_map', 'text', (c) => c.notNull())
    .addColumn('is_authorized', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('authorization_sealed', 'text')
    .addColumn('status', 'integer', (c) => c.notNull().check(sqlIn('status', [0, 1, 2, 3, 4, 12, 17])))
    .addColumn('judgement', 'text')
    .addColumn('satisfaction', 'text')
    .addColumn('rated_at', 'varchar(32)')
    .addColumn('message_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('accepted_at', 'varchar(32)')
    .addColumn('resolved_at', 'varchar(32)')
    .addColumn('closed_at', 'varchar(32)')
    .addColumn('last_pressed_at', 'varchar(32)')
    .addColumn('deleted_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('work_orders_customer_idx').on('work_orders').columns(['customer_id', 'created_at']).execute();
  await db.schema.createIndex('work_orders_partner_idx').on('work_orders').columns(['partner_id', 'created_at']).execute();
  await db.schema.createIndex('work_orders_tier1_idx').on('work_orders').columns(['tier1_id', 'created_at']).execute();
  await db.schema.createIndex('work_orders_status_idx').on('work_orders').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('work_order_messages')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('work_order_id', 'varchar(32)', (c) => c.notNull().references('work_orders.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'integer', (c) => c.notNull().check(sqlIn('type', [0, 1])))
    .addColumn('replier_type', 'integer', (c) => c.notNull().check(sqlIn('replier_type', [0, 1, 2])))
    .addColumn('author_account_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('author_user_id', 'varchar(64)', (c) => c.notNull().references('users.id'))
    .addColumn('author_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('is_authorized', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('authorization_sealed', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('work_order_messages_seq_uq', ['work_order_id', 'seq'])
    .execute();

  await db.schema
    .createTable('work_order_attachments')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('owner_account_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('owner_user_id', 'varchar(64)', (c) => c.notNull().references('users.id'))
    .addColumn('work_order_id', 'varchar(32)', (c) => c.references('work_orders.id'))
    .addColumn('message_id', 'varchar(64)', (c) => c.references('work_order_messages.id'))
    .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('accessory_from', 'varchar(16)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('object_key', 'varchar(255)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('deleted_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('work_order_attachments_owner_idx').on('work_order_attachments').columns(['owner_account_id', 'created_at']).execute();
  await db.schema.createIndex('work_order_attachments_case_idx').on('work_order_attachments').column('work_order_id').execute();

  const [serialType, serial] = serialPrimaryKey(db);
  await db.schema
    .createTable('outbox_events')
    .addColumn('id', serialType, serial)
    .addColumn('type', 'varchar(64)', (c) => c.notNull())
    .addColumn('aggregate_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('aggregate_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('delivered_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('outbox_events_pending_idx').on('outbox_events').columns(['delivered_at', 'id']).execute();
  await db.schema.createIndex('outbox_events_aggregate_idx').on('outbox_events').columns(['aggregate_type', 'aggregate_id', 'id']).execute();
}

function sqlIn(column: string, values: ReadonlyArray<number>): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}
