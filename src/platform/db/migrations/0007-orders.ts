import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import { makeAppendOnly } from '../dialect.ts';

/**
 * Orders and yearly/monthly subscriptions (issue 6): orders with their line items and the discount
 * options priced (and locked) at ordering, the coupons a payment used, subscribed resources, the
 * paid periods of each resource (what refunds are computed from), refund details of unsubscribe
 * orders, renewal settings, and the bill records the bills issue reads. Money is bigint fen;
 * instants are ISO-8601 UTC text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const money = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(0);

  await db.schema
    .createTable('orders')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('customer_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    // A sub-order of a combined order (组合交易) names the combined order.
    .addColumn('parent_id', 'varchar(64)', (c) => c.references('orders.id'))
    // A sub-order's place in its combined order (the order its products were asked for).
    .addColumn('seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_combined', 'integer', (c) => c.notNull().defaultTo(0).check(sql`is_combined in (0, 1)`))
    .addColumn('order_type', 'integer', (c) => c.notNull())
    .addColumn('source_type', 'integer', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('service_type_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('official_amount', 'bigint', money)
    .addColumn('amount_after_discount', 'bigint', money)
    .addColumn('discount_id', 'varchar(64)')
    .addColumn('discount_type', 'integer')
    .addColumn('coupon_amount', 'bigint', money)
    .addColumn('cash_amount', 'bigint', money)
    .addColumn('credit_amount', 'bigint', money)
    .addColumn('commission_amount', 'bigint')
    .addColumn('consumed_amount', 'bigint')
    .addColumn('period_type', 'integer')
    .addColumn('period_num', 'integer')
    .addColumn('user_name', 'varchar(64)', (c) => c.notNull())
    // What makes a system-created order unique (an auto-renewal of one resource for one expiry).
    .addColumn('natural_key', 'varchar(160)', (c) => c.unique())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('payment_time', 'varchar(32)')
    .addColumn('pending_payment_end_time', 'varchar(32)')
    .addColumn('closed_at', 'varchar(32)')
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addCheckConstraint('orders_amounts_ck', sql`official_amount >= 0 and amount_after_discount >= 0 and coupon_amount >= 0 and cash_amount >= 0 and credit_amount >= 0`)
    .execute();
  await db.schema.createIndex('orders_customer_idx').on('orders').columns(['customer_id', 'created_at']).execute();
  await db.schema.createIndex('orders_parent_idx').on('orders').column('parent_id').execute();

  await db.schema
    .createTable('order_line_items')
    .addColumn('id', 'varchar(80)', (c) => c.primaryKey())
    .addColumn('order_id', 'varchar(64)', (c) => c.notNull().references('orders.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('line_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('parent_line_id', 'varchar(80)')
    .addColumn('resource_id', 'varchar(64)')
    .addColumn('is_main', 'integer', (c) => c.notNull().check(sql`is_main in (0, 1)`))
    .addColumn('service_type_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_type_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('spec_code', 'varchar(128)', (c) => c.notNull())
    .addColumn('region_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('product_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_size', 'integer')
    .addColumn('size_measure_id', 'integer')
    .addColumn('period_type', 'integer')
    .addColumn('period_num', 'integer')
    .addColumn('subscription_num', 'integer', (c) => c.notNull())
    .addColumn('official_amount', 'bigint', money)
    .addColumn('amount_after_discount', 'bigint', money)
    .addColumn('coupon_amount', 'bigint', money)
    .addColumn('resource_name', 'varchar(128)')
    .addColumn('project_id', 'varchar(64)')
    .addColumn('effective_time', 'varchar(32)')
    .addColumn('expire_time', 'varchar(32)')
    .addUniqueConstraint('order_line_items_seq_uq', ['order_id', 'seq'])
    .execute();
  await db.schema.createIndex('order_line_items_resource_idx').on('order_line_items').column('resource_id').execute();

  // Per line, its price under each discount that reached the customer at ordering (price-locked).
  await db.schema
    .createTable('order_discount_lines')
    .addColumn('line_item_id', 'varchar(80)', (c) => c.notNull().references('order_line_items.id'))
    .addColumn('discount_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('order_id', 'varchar(64)', (c) => c.notNull().references('orders.id'))
    .addColumn('discount_type', 'integer', (c) => c.notNull())
    .addColumn('discount_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('ratio', 'varchar(32)', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('applies', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('order_discount_lines_pk', ['line_item_id', 'discount_id'])
    .execute();
  await db.schema.createIndex('order_discount_lines_order_idx').on('order_discount_lines').column('order_id').execute();

  await db.schema
    .createTable('order_coupons')
    .addColumn('order_id', 'varchar(64)', (c) => c.notNull().references('orders.id'))
    .addColumn('coupon_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('coupon_type', 'integer', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('order_coupons_pk', ['order_id', 'coupon_id'])
    .execute();

  await db.schema
    .createTable('subscription_resources')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('customer_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('order_id', 'varchar(64)', (c) => c.notNull().references('orders.id'))
    .addColumn('line_item_id', 'varchar(80)', (c) => c.notNull())
    .addColumn('parent_id', 'varchar(64)')
    .addColumn('is_main', 'integer', (c) => c.notNull().check(sql`is_main in (0, 1)`))
    .addColumn('service_type_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_type_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('spec_code', 'varchar(128)', (c) => c.notNull())
    .addColumn('region_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('product_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_size', 'integer')
    .addColumn('size_measure_id', 'integer')
    .addColumn('resource_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('project_id', 'varchar(64)')
    // active | grace | retention | released | unsubscribed | on_demand
    .addColumn('phase', 'varchar(16)', (c) => c.notNull())
    .addColumn('effective_time', 'varchar(32)', (c) => c.notNull())
    .addColumn('expire_time', 'varchar(32)', (c) => c.notNull())
    .addColumn('period_type', 'integer', (c) => c.notNull())
    .addColumn('auto_renew', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('auto_renew_times', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('auto_renewed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('auto_renew_period_type', 'integer')
    .addColumn('to_on_demand', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pending_order_id', 'varchar(64)')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('closed_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('subscription_resources_customer_idx').on('subscription_resources').columns(['customer_id', 'expire_time']).execute();
  await db.schema.createIndex('subscription_resources_parent_idx').on('subscription_resources').column('parent_id').execute();

  // Each paid stretch of a resource's time: what a refund is computed from.
  await db.schema
    .createTable('subscription_periods')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('resource_id', 'varchar(64)', (c) => c.notNull().references('subscription_resources.id'))
    .addColumn('order_id', 'varchar(64)', (c) => c.notNull().references('orders.id'))
    .addColumn('line_item_id', 'varchar(80)', (c) => c.notNull())
    .addColumn('starts_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('ends_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('official_amount', 'bigint', money)
    .addColumn('amount', 'bigint', money)
    .addColumn('paid_cash', 'bigint', money)
    .addColumn('paid_credit', 'bigint', money)
    .addColumn('paid_coupon', 'bigint', money)
    .addColumn('refunded_cash', 'bigint', money)
    .addColumn('refunded_credit', 'bigint', money)
    .addColumn('refunded_coupon', 'bigint', money)
    .addColumn('refund_order_id', 'varchar(64)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addCheckConstraint('subscription_periods_refund_ck', sql`refunded_cash between 0 and paid_cash and refunded_credit between 0 and paid_credit and refunded_coupon between 0 and paid_coupon`)
    .execute();
  await db.schema.createIndex('subscription_periods_resource_idx').on('subscription_periods').columns(['resource_id', 'starts_at']).execute();

  await db.schema
    .createTable('refund_items')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('order_id', 'varchar(64)', (c) => c.notNull().references('orders.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('customer_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('base_order_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('service_type_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_type_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('region_code', 'varchar(64)', (c) => c.notNull())
    // refund | consumed | fee
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    // Negative: refunded; positive: consumed or a fee (the wire's convention).
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('refund_items_seq_uq', ['order_id', 'seq'])
    .execute();

  await db.schema
    .createTable('renew_configs')
    .addColumn('customer_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('config_name', 'varchar(32)', (c) => c.notNull())
    .addColumn('config_value', 'varchar(8)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('renew_configs_pk', ['customer_id', 'config_name'])
    .execute();

  // One row per resource per money event; the bills issue reads these. Append-only.
  await db.schema
    .createTable('bill_records')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('customer_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('partner_id', 'varchar(64)')
    .addColumn('bill_type', 'integer', (c) => c.notNull())
    .addColumn('charge_mode', 'integer', (c) => c.notNull())
    .addColumn('trade_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('order_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('line_item_id', 'varchar(80)')
    .addColumn('resource_id', 'varchar(64)')
    .addColumn('parent_resource_id', 'varchar(64)')
    .addColumn('service_type_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_type_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('region_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('spec_code', 'varchar(128)', (c) => c.notNull())
    .addColumn('product_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_size', 'integer')
    .addColumn('size_measure_id', 'integer')
    .addColumn('period_type', 'integer')
    .addColumn('period_num', 'integer')
    .addColumn('effective_time', 'varchar(32)')
    .addColumn('expire_time', 'varchar(32)')
    .addColumn('official_amount', 'bigint', (c) => c.notNull())
    .addColumn('discount_amount', 'bigint', (c) => c.notNull())
    .addColumn('erase_amount', 'bigint', money)
    .addColumn('consume_amount', 'bigint', (c) => c.notNull())
    .addColumn('cash_amount', 'bigint', money)
    .addColumn('credit_amount', 'bigint', money)
    .addColumn('coupon_amount', 'bigint', money)
    .addColumn('flexipurchase_coupon_amount', 'bigint', money)
    .addColumn('stored_card_amount', 'bigint', money)
    .addColumn('bonus_amount', 'bigint', money)
    .addColumn('debt_amount', 'bigint', money)
    .addColumn('writeoff_amount', 'bigint', money)
    .addColumn('discount_type', 'integer')
    .addColumn('payment_status', 'integer', (c) => c.notNull())
    .addColumn('trade_time', 'varchar(32)', (c) => c.notNull())
    .addColumn('bill_cycle', 'varchar(7)', (c) => c.notNull())
    .addColumn('bill_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addCheckConstraint(
      'bill_records_identity_ck',
      sql`official_amount = discount_amount + erase_amount + consume_amount and consume_amount = cash_amount + credit_amount + coupon_amount + flexipurchase_coupon_amount + stored_card_amount + bonus_amount + debt_amount + writeoff_amount`,
    )
    .execute();
  await db.schema.createIndex('bill_records_customer_idx').on('bill_records').columns(['customer_id', 'bill_cycle']).execute();
  await db.schema.createIndex('bill_records_partner_idx').on('bill_records').columns(['partner_id', 'bill_cycle']).execute();
  await db.schema.createIndex('bill_records_trade_idx').on('bill_records').column('trade_id').execute();
  await makeAppendOnly(db, 'bill_records');
}
