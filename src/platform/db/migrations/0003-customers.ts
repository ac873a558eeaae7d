import { serialPrimaryKey } from '../dialect.ts';
import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

/**
 * The customer record (contact details, labels, level, account manager, real-name state) as
 * columns of `customers`; verification codes; the message outbox; real-name applications and the
 * single-use face-verification QR codes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite adds one column per statement.
  const columns: Array<[string, string, (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder]> = [
    ['mobile_phone', 'varchar(32)', (c) => c],
    ['email', 'varchar(256)', (c) => c],
    ['label', 'varchar(256)', (c) => c],
    ['customer_level', 'varchar(8)', (c) => c],
    ['account_manager', 'varchar(64)', (c) => c],
    ['close_market_messages', 'integer', (c) => c.notNull().defaultTo(0)],
    ['verified_status', 'integer', (c) => c.notNull().defaultTo(-1)],
    ['customer_type', 'integer', (c) => c.notNull().defaultTo(-1)],
    ['realname_name', 'varchar(255)', (c) => c],
    ['verified_at', 'varchar(32)', (c) => c],
  ];
  for (const [name, type, build] of columns) {
    await db.schema.alterTable('customers').addColumn(name, sql.raw(type), build).execute();
  }
  await db.schema.createIndex('customers_mobile_idx').on('customers').column('mobile_phone').execute();

  await db.schema
    .createTable('verification_codes')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('owner_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('mobile_phone', 'varchar(32)', (c) => c.notNull())
    .addColumn('scene', 'integer', (c) => c.notNull())
    .addColumn('customer_id', 'varchar(64)')
    .addColumn('code_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('verification_codes_phone_idx').on('verification_codes').columns(['mobile_phone', 'created_at']).execute();
  await db.schema
    .createIndex('verification_codes_owner_idx')
    .on('verification_codes')
    .columns(['owner_id', 'mobile_phone', 'scene', 'created_at'])
    .execute();

  const [serialType, serial] = serialPrimaryKey(db);
  await db.schema
    .createTable('message_outbox')
    .addColumn('id', serialType, serial)
    .addColumn('kind', 'varchar(64)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('recipient', 'varchar(255)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('message_outbox_recipient_idx').on('message_outbox').columns(['recipient', 'id']).execute();

  await db.schema
    .createTable('realname_applications')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('customer_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('partner_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull().check(sql`kind in ('individual', 'enterprise', 'change')`))
    .addColumn('verified_type', 'integer', (c) => c.notNull().check(sql`verified_type in (0, 1)`))
    .addColumn('identify_type', 'integer', (c) => c.notNull())
    .addColumn('document_type', 'integer')
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('verified_number', 'varchar(64)', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('files', 'text', (c) => c.notNull())
    .addColumn('review_result', 'integer', (c) => c.notNull().check(sql`review_result in (0, 1, 2)`))
    .addColumn('is_review', 'integer', (c) => c.notNull())
    .addColumn('opinion', 'varchar(256)')
    .addColumn('decided_by', 'varchar(64)')
    .addColumn('submitted_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('decided_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('realname_applications_customer_idx').on('realname_applications').columns(['customer_id', 'submitted_at']).execute();
  await db.schema.createIndex('realname_applications_queue_idx').on('realname_applications').columns(['review_result', 'submitted_at']).execute();

  await db.schema
    .createTable('realname_qr_codes')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('customer_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(32)')
    .execute();
}
