import type { Kysely } from 'kysely';

/**
 * The catalog (regions, units, service/resource/usage types, resource specs per region, incentive
 * policies), effective-dated price books, and discounts granted to customers. Decimal values
 * (prices, tier bounds, discount ratios) are stored as decimal text so that both dialects read them
 * exactly; they are parsed into exact rationals by the rating code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('catalog_regions')
    .addColumn('code', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name_zh', 'varchar(200)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(200)', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('catalog_measure_units')
    .addColumn('measure_id', 'integer', (c) => c.primaryKey())
    .addColumn('measure_type', 'integer', (c) => c.notNull())
    .addColumn('name_zh', 'varchar(128)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(128)', (c) => c.notNull())
    .addColumn('abbreviation', 'varchar(64)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('catalog_conversions')
    .addColumn('measure_id', 'integer', (c) => c.notNull())
    .addColumn('ref_measure_id', 'integer', (c) => c.notNull())
    .addColumn('conversion_ratio', 'integer', (c) => c.notNull())
    .addColumn('measure_type', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('catalog_conversions_pk', ['measure_id', 'ref_measure_id'])
    .execute();

  await db.schema
    .createTable('catalog_service_types')
    .addColumn('code', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name_zh', 'varchar(200)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(200)', (c) => c.notNull())
    .addColumn('abbreviation', 'varchar(64)', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('catalog_resource_types')
    .addColumn('code', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('service_type_code', 'varchar(64)', (c) => c.notNull().references('catalog_service_types.code'))
    .addColumn('name_zh', 'varchar(200)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(200)', (c) => c.notNull())
    .addColumn('desc_zh', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('desc_en', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('catalog_service_resources')
    .addColumn('service_type_code', 'varchar(64)', (c) => c.notNull().references('catalog_service_types.code'))
    .addColumn('resource_type_code', 'varchar(64)', (c) => c.notNull().references('catalog_resource_types.code'))
    .addPrimaryKeyConstraint('catalog_service_resources_pk', ['service_type_code', 'resource_type_code'])
    .execute();

  await db.schema
    .createTable('catalog_usage_types')
    .addColumn('resource_type_code', 'varchar(64)', (c) => c.notNull().references('catalog_resource_types.code'))
    .addColumn('code', 'varchar(64)', (c) => c.notNull())
    .addColumn('name_zh', 'varchar(200)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(200)', (c) => c.notNull())
    .addColumn('measure_id', 'integer', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('catalog_usage_types_pk', ['resource_type_code', 'code'])
    .execute();

  await db.schema
    .createTable('catalog_resource_specs')
    .addColumn('service_type_code', 'varchar(64)', (c) => c.notNull().references('catalog_service_types.code'))
    .addColumn('resource_type_code', 'varchar(64)', (c) => c.notNull().references('catalog_resource_types.code'))
    .addColumn('spec_code', 'varchar(128)', (c) => c.notNull())
    .addColumn('name_zh', 'varchar(200)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(200)', (c) => c.notNull())
    .addColumn('size_measure_id', 'integer')
    .addColumn('min_size', 'integer')
    .addColumn('max_size', 'integer')
    .addColumn('on_demand', 'integer', (c) => c.notNull())
    .addColumn('period', 'integer', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('catalog_resource_specs_pk', ['service_type_code', 'resource_type_code', 'spec_code'])
    .execute();

  await db.schema
    .createTable('catalog_spec_regions')
    .addColumn('service_type_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_type_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('spec_code', 'varchar(128)', (c) => c.notNull())
    .addColumn('region_code', 'varchar(64)', (c) => c.notNull().references('catalog_regions.code'))
    .addPrimaryKeyConstraint('catalog_spec_regions_pk', ['service_type_code', 'resource_type_code', 'spec_code', 'region_code'])
    .addForeignKeyConstraint(
      'catalog_spec_regions_spec_fk',
      ['service_type_code', 'resource_type_code', 'spec_code'],
      'catalog_resource_specs',
      ['service_type_code', 'resource_type_code', 'spec_code'],
    )
    .execute();
  // list_resource_specs pages through one (service, resource, region) ordered by spec code.
  await db.schema
    .createIndex('catalog_spec_regions_region_idx')
    .on('catalog_spec_regions')
    .columns(['region_code', 'service_type_code', 'resource_type_code', 'spec_code'])
    .execute();

  await db.schema
    .createTable('catalog_incentive_policies')
    .addColumn('service_type_code', 'varchar(64)', (c) => c.notNull().references('catalog_service_types.code'))
    .addColumn('effective_from', 'varchar(32)', (c) => c.notNull())
    .addColumn('incentive_policy', 'varchar(8)', (c) => c.notNull())
    .addColumn('allow_discount', 'varchar(8)', (c) => c.notNull())
    .addPrimaryKeyConstraint('catalog_incentive_policies_pk', ['service_type_code', 'effective_from'])
    .execute();

  await db.schema
    .createTable('price_books')
    .addColumn('code', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('effective_from', 'varchar(32)', (c) => c.notNull())
    .addColumn('effective_to', 'varchar(32)')
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('price_entries')
    // A digest of the book and the entry's key, so that re-importing a book is idempotent.
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('book_code', 'varchar(64)', (c) => c.notNull().references('price_books.code'))
    .addColumn('service_type_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_type_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('spec_code', 'varchar(128)', (c) => c.notNull())
    /** A region code, or `*` for every region the spec is sold in. */
    .addColumn('region_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('charge_kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('usage_factor', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('usage_measure_id', 'integer')
    .addColumn('period_type', 'integer')
    .addColumn('period_num', 'integer')
    .addColumn('basis', 'varchar(8)', (c) => c.notNull())
    .addColumn('tiers', 'text', (c) => c.notNull())
    .addColumn('months_capped_by_year', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_period_num', 'integer')
    .execute();
  await db.schema.createIndex('price_entries_spec_idx').on('price_entries').columns(['spec_code', 'resource_type_code', 'service_type_code']).execute();
  await db.schema.createIndex('price_entries_book_idx').on('price_entries').column('book_code').execute();

  await db.schema
    .createTable('discounts')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    /** 605 business (operator → customer), 606 channel business (operator → a partner's customers), 607 partner-set. */
    .addColumn('discount_type', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('customer_id', 'varchar(64)', (c) => c.references('accounts.id'))
    .addColumn('partner_id', 'varchar(64)', (c) => c.references('accounts.id'))
    .addColumn('granted_by', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('service_type_code', 'varchar(64)')
    .addColumn('resource_type_code', 'varchar(64)')
    /** all | period | on_demand */
    .addColumn('charge_mode', 'varchar(16)', (c) => c.notNull())
    /** The share of the official price that is paid, in (0, 1], as decimal text ("0.85"). */
    .addColumn('ratio', 'varchar(16)', (c) => c.notNull())
    .addColumn('effective_from', 'varchar(32)', (c) => c.notNull())
    .addColumn('effective_to', 'varchar(32)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('discounts_customer_idx').on('discounts').columns(['customer_id', 'status']).execute();
  await db.schema.createIndex('discounts_partner_idx').on('discounts').columns(['partner_id', 'status']).execute();
}
