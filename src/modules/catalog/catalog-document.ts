import { Type, type Static } from '@sinclair/typebox';

/**
 * The catalog as a document: one array of flat rows per table, the same shape in JSON and (one file
 * per table) in CSV. Decimal values (prices, tier bounds) are decimal text so that they survive
 * any JSON parser exactly. Every section is optional: a document may carry only a price book.
 */
const Code = (maxLength = 64) => Type.String({ minLength: 1, maxLength });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Instant = Type.String({ description: 'UTC yyyy-MM-ddTHH:mm:ssZ', maxLength: 32 });
const DecimalText = Type.String({ pattern: '^\\d{1,12}(\\.\\d{1,10})?$', description: 'non-negative decimal text, at most 10 decimals' });

export const RegionRow = Type.Object(
  { code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,63}$' }), name_zh: Name, name_en: Name },
  { additionalProperties: false, title: 'CatalogRegion' },
);

export const MeasureUnitRow = Type.Object(
  {
    measure_id: Type.Integer({ minimum: 0, maximum: 99999 }),
    measure_type: Type.Integer({ minimum: 1, maximum: 999 }),
    name_zh: Type.String({ minLength: 1, maxLength: 128 }),
    name_en: Type.String({ minLength: 1, maxLength: 128 }),
    abbreviation: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false, title: 'CatalogMeasureUnit' },
);

export const ConversionRow = Type.Object(
  {
    measure_id: Type.Integer({ minimum: 0 }),
    ref_measure_id: Type.Integer({ minimum: 0 }),
    conversion_ratio: Type.Integer({ minimum: 1, maximum: 2147483647 }),
    measure_type: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false, title: 'CatalogConversion' },
);

export const ServiceTypeRow = Type.Object(
  { code: Code(), name_zh: Name, name_en: Name, abbreviation: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false, title: 'CatalogServiceType' },
);

export const ResourceTypeRow = Type.Object(
  {
    code: Code(),
    service_type_code: Code(),
    name_zh: Name,
    name_en: Name,
    desc_zh: Type.Optional(Type.String({ maxLength: 200 })),
    desc_en: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false, title: 'CatalogResourceType' },
);

export const ServiceResourceRow = Type.Object(
  { service_type_code: Code(), resource_type_code: Code() },
  { additionalProperties: false, title: 'CatalogServiceResource', description: 'A resource type a service uses besides the ones it owns' },
);

export const UsageTypeRow = Type.Object(
  { code: Code(), resource_type_code: Code(), name_zh: Name, name_en: Name, measure_id: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false, title: 'CatalogUsageType' },
);

export const ChargeModeName = Type.Union([Type.Literal('period'), Type.Literal('on_demand')]);

export const ResourceSpecRow = Type.Object(
  {
    service_type_code: Code(),
    resource_type_code: Code(),
    spec_code: Code(128),
    name_zh: Name,
    name_en: Name,
    size_measure_id: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
    min_size: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    max_size: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    charge_modes: Type.Array(ChargeModeName, { minItems: 1, maxItems: 2, uniqueItems: true }),
    regions: Type.Array(Code(), { minItems: 1, maxItems: 100, uniqueItems: true }),
  },
  { additionalProperties: false, title: 'CatalogResourceSpec', description: 'A spec; linear specs (sized at order) carry size_measure_id, min_size and max_size' },
);

export const IncentivePolicyRow = Type.Object(
  {
    service_type_code: Code(),
    effective_from: Instant,
    incentive_policy: Type.Union([Type.Literal('0'), Type.Literal('1'), Type.Literal('2'), Type.Literal('13')]),
    allow_discount: Type.Union([Type.Literal('YES'), Type.Literal('NO')]),
  },
  { additionalProperties: false, title: 'CatalogIncentivePolicy' },
);

export const PriceBookRow = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' }),
    name: Name,
    effective_from: Instant,
    effective_to: Type.Optional(Type.Union([Instant, Type.Null()])),
  },
  { additionalProperties: false, title: 'PriceBook', description: 'Prices apply from effective_from (inclusive) to effective_to (exclusive); the latest effective book that prices a product wins' },
);

export const TierRow = Type.Object(
  { up_to: Type.Union([DecimalText, Type.Null()]), unit_price: DecimalText },
  { additionalProperties: false, title: 'PriceTier', description: 'Graduated: quantity up to up_to (cumulative) at unit_price; the last tier has up_to null' },
);

export const PriceRow = Type.Object(
  {
    book_code: Code(),
    service_type_code: Code(),
    resource_type_code: Code(),
    spec_code: Code(128),
    region_code: Type.Optional(Code()),
    charge_kind: Type.Union([Type.Literal('on_demand'), Type.Literal('period'), Type.Literal('one_time')]),
    usage_factor: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    usage_measure_id: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
    period_type: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    period_num: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    basis: Type.Union([Type.Literal('flat'), Type.Literal('size'), Type.Literal('usage')]),
    unit_price: Type.Optional(DecimalText),
    tiers: Type.Optional(Type.Array(TierRow, { minItems: 1, maxItems: 20 })),
    months_capped_by_year: Type.Optional(Type.Boolean()),
    max_period_num: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  },
  {
    additionalProperties: false,
    title: 'PriceEntry',
    description:
      'on_demand: per usage_measure_id of usage_factor; period: per period_type (period_num null = per period, else the price of exactly that term); one_time: charged once on a new purchase. basis flat = unit price per item, size = tiers over the linear size, usage = tiers over the usage. region_code * = every region the spec is sold in.',
  },
);

export const CatalogDocument = Type.Object(
  {
    format: Type.Optional(Type.Literal('partner-bss.catalog/1')),
    regions: Type.Optional(Type.Array(RegionRow)),
    measure_units: Type.Optional(Type.Array(MeasureUnitRow)),
    conversions: Type.Optional(Type.Array(ConversionRow)),
    service_types: Type.Optional(Type.Array(ServiceTypeRow)),
    resource_types: Type.Optional(Type.Array(ResourceTypeRow)),
    service_resources: Type.Optional(Type.Array(ServiceResourceRow)),
    usage_types: Type.Optional(Type.Array(UsageTypeRow)),
    resource_specs: Type.Optional(Type.Array(ResourceSpecRow)),
    incentive_policies: Type.Optional(Type.Array(IncentivePolicyRow)),
    price_books: Type.Optional(Type.Array(PriceBookRow)),
    prices: Type.Optional(Type.Array(PriceRow)),
  },
  { additionalProperties: false, title: 'CatalogDocument' },
);

export type CatalogDocument = Static<typeof CatalogDocument>;
export type RegionRow = Static<typeof RegionRow>;
export type MeasureUnitRow = Static<typeof MeasureUnitRow>;
export type ConversionRow = Static<typeof ConversionRow>;
export type ServiceTypeRow = Static<typeof ServiceTypeRow>;
export type ResourceTypeRow = Static<typeof ResourceTypeRow>;
export type ServiceResourceRow = Static<typeof ServiceResourceRow>;
export type UsageTypeRow = Static<typeof UsageTypeRow>;
export type ResourceSpecRow = Static<typeof ResourceSpecRow>;
export type IncentivePolicyRow = Static<typeof IncentivePolicyRow>;
export type PriceBookRow = Static<typeof PriceBookRow>;
export type PriceRow = Static<typeof PriceRow>;
export type TierRow = Static<typeof TierRow>;

/** The sections in dependency order: a section only refers to the ones before it. */
export const CATALOG_TABLES = [
  'regions',
  'measure_units',
  'conversions',
  'service_types',
  'resource_types',
  'service_resources',
  'usage_types',
  'resource_specs',
  'incentive_policies',
  'price_books',
  'prices',
] as const;
export type CatalogTable = (typeof CATALOG_TABLES)[number];

export const isCatalogTable = (s: string): s is CatalogTable => (CATALOG_TABLES as readonly string[]).includes(s);

/** Period types of the partner API: 0 day, 2 month, 3 year, 4 hour. */
export const PERIOD_TYPES = [0, 2, 3, 4] as const;
