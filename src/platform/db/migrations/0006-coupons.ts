import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import { makeAppendOnly, serialPrimaryKey } from '../dialect.ts';

/**
 * Coupons (issue 7): coupon quotas granted by the operator or passed down by a tier-1, the coupons
 * partners issue from them, stored-value cards, the holds orders put on coupons and cards, an
 * append-only journal of every movement of value between them, and the partner-facing operation
 * records. Amounts are bigint fen. Every balance is guarded three ways: a CHECK here, a conditional
 * update where it changes, and the journal it can be recomputed from (verifyCoupons).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const [serialType, serial] = serialPrimaryKey(db);
  const money = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(0);
  const MAX = '9000000000000000';

  await db.schema
    .createTable('coupon_quotas')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('partner_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('quota_type', 'integer', (c) => c.notNull().check(sql`quota_type in (0, 1)`))
    .addColumn('parent_quota_id', 'varchar(64)', (c) => c.references('coupon_quotas.id'))
    .addColumn('granted_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('quota_value', 'bigint', (c) => c.notNull().check(sql.raw(`quota_value > 0 and quota_value <= ${MAX}`)))
    .addColumn('balance', 'bigint', money)
    .addColumn('status', 'integer', (c) => c.notNull().defaultTo(0).check(sql`status in (0, 3, 4, 5, 6)`))
    .addColumn('reclaimed_amount', 'bigint', money)
    .addColumn('effective_time', 'varchar(32)', (c) => c.notNull())
    .addColumn('expire_time', 'varchar(32)', (c) => c.notNull())
    .addColumn('limits', 'text', (c) => c.notNull())
    .addColumn('remark', 'varchar(255)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    // What is left of a quota is never negative and never more than was put into it.
    .addCheckConstraint('coupon_quotas_balance_ck', sql`balance >= 0 and balance <= quota_value`)
    // A reclaimed tier-2 quota keeps nothing: later returns are forwarded to its parent.
    .addCheckConstraint('coupon_quotas_reclaimed_ck', sql`status <> 6 or (balance = 0 and parent_quota_id is not null)`)
    .addCheckConstraint('coupon_quotas_window_ck', sql`effective_time < expire_time`)
    .execute();
  await db.schema.createIndex('coupon_quotas_partner_idx').on('coupon_quotas').columns(['partner_id', 'created_at']).execute();
  await db.schema.createIndex('coupon_quotas_parent_idx').on('coupon_quotas').column('parent_quota_id').execute();

  await db.schema
    .createTable('coupons')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('coupon_type', 'integer', (c) => c.notNull().check(sql`coupon_type in (1, 4)`))
    .addColumn('quota_id', 'varchar(64)', (c) => c.notNull().references('coupon_quotas.id'))
    .addColumn('quota_type', 'integer', (c) => c.notNull())
    .addColumn('partner_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('issued_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('customer_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('face_value', 'bigint', (c) => c.notNull().check(sql.raw(`face_value > 0 and face_value <= ${MAX}`)))
    .addColumn('balance', 'bigint', money)
    .addColumn('frozen', 'bigint', money)
    .addColumn('lock_order_id', 'varchar(64)')
    .addColumn('status', 'integer', (c) => c.notNull().check(sql`status in (2, 3, 4, 5)`))
    .addColumn('closed_amount', 'bigint', money)
    .addColumn('valid_time', 'varchar(32)', (c) => c.notNull())
    .addColumn('expire_time', 'varchar(32)', (c) => c.notNull())
    .addColumn('limits', 'text', (c) => c.notNull())
    .addColumn('memo', 'varchar(255)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_used_at', 'varchar(32)')
    .addCheckConstraint('coupons_balance_ck', sql`balance >= 0 and balance <= face_value and frozen >= 0 and frozen <= balance`)
    // Usable (2) coupons hold something; used (3), expired (4) and reclaimed (5) ones hold nothing.
    .addCheckConstraint('coupons_status_ck', sql`(status = 2 and balance > 0) or (status <> 2 and balance = 0 and frozen = 0 and lock_order_id is null)`)
    .addCheckConstraint('coupons_lock_ck', sql`(frozen = 0) = (lock_order_id is null)`)
    .execute();
  await db.schema.createIndex('coupons_customer_idx').on('coupons').columns(['customer_id', 'created_at']).execute();
  await db.schema.createIndex('coupons_partner_idx').on('coupons').columns(['partner_id', 'created_at']).execute();
  await db.schema.createIndex('coupons_quota_customer_idx').on('coupons').columns(['quota_id', 'customer_id']).execute();

  await db.schema
    .createTable('stored_value_cards')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('customer_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('card_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('face_value', 'bigint', (c) => c.notNull().check(sql.raw(`face_value > 0 and face_value <= ${MAX}`)))
    .addColumn('balance', 'bigint', money)
    .addColumn('frozen', 'bigint', money)
    .addColumn('lock_order_id', 'varchar(64)')
    .addColumn('effective_time', 'varchar(32)', (c) => c.notNull())
    .addColumn('expire_time', 'varchar(32)', (c) => c.notNull())
    .addColumn('granted_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_used_at', 'varchar(32)')
    .addCheckConstraint('stored_value_cards_balance_ck', sql`balance >= 0 and balance <= face_value and frozen >= 0 and frozen <= balance`)
    .addCheckConstraint('stored_value_cards_lock_ck', sql`(frozen = 0) = (lock_order_id is null)`)
    .execute();
  await db.schema.createIndex('stored_value_cards_customer_idx').on('stored_value_cards').columns(['customer_id', 'created_at']).execute();

  await db.schema
    .createTable('coupon_holds')
    .addColumn('id', serialType, serial)
    .addColumn('benefit_kind', 'varchar(8)', (c) => c.notNull().check(sql`benefit_kind in ('coupon', 'card')`))
    .addColumn('benefit_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('order_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('customer_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('consumed', 'bigint', money)
    .addColumn('returned', 'bigint', money)
    .addColumn('status', 'varchar(16)', (c) => c.notNull().check(sql`status in ('held', 'consumed', 'released')`))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('resolved_at', 'varchar(32)')
    .addCheckConstraint('coupon_holds_amounts_ck', sql`consumed >= 0 and consumed <= amount and returned >= 0 and returned <= consumed`)
    .addCheckConstraint('coupon_holds_status_ck', sql`status = 'consumed' or (consumed = 0 and returned = 0)`)
    .execute();
  await db.schema.createIndex('coupon_holds_benefit_idx').on('coupon_holds').columns(['benefit_id', 'status']).execute();
  // An order holds or has used a given coupon or card at most once (released holds do not count).
  await db.schema
    .createIndex('coupon_holds_order_benefit_uq')
    .on('coupon_holds')
    .columns(['order_id', 'benefit_id'])
    .unique()
    .where(sql.ref('status'), '<>', 'released')
    .execute();

  // Every movement of value: from one holder to another, so each row sums to zero by construction.
  // Holders: 'grant' (value entering: operator grants, cards sold), 'quota', 'coupon', 'card', 'spent'.
  await db.schema
    .createTable('coupon_journal')
    .addColumn('id', serialType, serial)
    .addColumn('ref', 'varchar(96)', (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(24)', (c) => c.notNull())
    .addColumn('from_kind', 'varchar(8)', (c) => c.notNull().check(sql`from_kind in ('grant', 'quota', 'coupon', 'card', 'spent')`))
    .addColumn('from_id', 'varchar(64)')
    .addColumn('to_kind', 'varchar(8)', (c) => c.notNull().check(sql`to_kind in ('quota', 'coupon', 'card', 'spent')`))
    .addColumn('to_id', 'varchar(64)')
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('from_after', 'bigint')
    .addColumn('to_after', 'bigint')
    .addColumn('benefit_type', 'varchar(16)')
    .addColumn('partner_id', 'varchar(64)')
    .addColumn('customer_id', 'varchar(64)')
    .addColumn('order_id', 'varchar(64)')
    .addColumn('initiator_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('coupon_journal_customer_idx').on('coupon_journal').columns(['customer_id', 'created_at']).execute();
  await db.schema.createIndex('coupon_journal_from_idx').on('coupon_journal').columns(['from_kind', 'from_id']).execute();
  await db.schema.createIndex('coupon_journal_to_idx').on('coupon_journal').columns(['to_kind', 'to_id']).execute();
  await makeAppendOnly(db, 'coupon_journal');

  await db.schema
    .createTable('coupon_records')
    .addColumn('id', serialType, serial)
    .addColumn('owner_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('operation_type', 'integer', (c) => c.notNull().check(sql`operation_type between 1 and 11`))
    .addColumn('quota_id', 'varchar(64)')
    .addColumn('quota_type', 'integer')
    .addColumn('parent_quota_id', 'varchar(64)')
    .addColumn('coupon_id', 'varchar(64)')
    .addColumn('customer_id', 'varchar(64)')
    .addColumn('indirect_partner_id', 'varchar(64)')
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount >= 0`))
    .addColumn('result', 'integer', (c) => c.notNull().check(sql`result in (0, -1)`))
    .addColumn('remark', 'varchar(512)')
    .addColumn('operator_name', 'varchar(64)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('coupon_records_owner_idx').on('coupon_records').columns(['owner_id', 'operation_type', 'created_at']).execute();
  await makeAppendOnly(db, 'coupon_records');
}
