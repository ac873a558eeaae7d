import fs from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/**
 * The configuration lists behind /v2/servicerequest/config/*: product categories, ticket
 * categories, problem (business) types with their templates and extension fields, severities,
 * regions, country codes, satisfaction dimensions and limits. They are data, kept in
 * reference-data.json beside this file and checked against the schema below when the module
 * loads, so a broken edit fails at start-up rather than on a request.
 */
const Text = Type.Object({ zh: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) });
export type Text = Static<typeof Text>;

/**
 * An extension field a problem type asks for (extends_map on create). `type`: 0 text, 1 integer
 * (with optional min/max), 2 one of `select`, 3 a date-time `yyyy-MM-dd HH:mm:ss`.
 */
const ExtendsParam = Type.Object({
  key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }),
  type: Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2), Type.Literal(3)]),
  required: Type.Boolean(),
  length: Type.Integer({ minimum: 1, maximum: 2000 }),
  min: Type.Optional(Type.Integer()),
  max: Type.Optional(Type.Integer()),
  select: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
  name: Text,
  tips: Text,
});
export type ExtendsParam = Static<typeof ExtendsParam>;

const BusinessType = Type.Object({
  id: Type.String(),
  /** The ticket type: "0" consultation, "5" fault report (a fault needs region_id). */
  case_type: Type.Union([Type.Literal('0'), Type.Literal('5')]),
  /** Whether a resale customer's ticket of this type is answered by its partner (case-access.ts). */
  partner_may_handle: Type.Boolean(),
  can_use_support_plan: Type.Boolean(),
  name: Text,
  product_category_ids: Type.Array(Type.String(), { minItems: 1 }),
  extends_params: Type.Array(ExtendsParam),
  template: Type.Object({ id: Type.String(), name: Text, content: Text }),
});
export type BusinessType = Static<typeof BusinessType>;

const Named = Type.Object({ id: Type.String(), name: Text });

const ReferenceDataSchema = Type.Object({
  sources: Type.Array(Named, { minItems: 1 }),
  case_types: Type.Array(Named),
  product_categories: Type.Array(
    Type.Object({ id: Type.String(), acronym: Type.String(), can_use_support_plan: Type.Boolean(), name: Text, desc: Text }),
  ),
  sub_types: Type.Array(Type.Object({ id: Type.String(), name: Text, product_category_ids: Type.Array(Type.String()) })),
  business_types: Type.Array(BusinessType, { minItems: 1 }),
  severities: Type.Object({ show: Type.Boolean(), list: Type.Array(Named) }),
  regions: Type.Array(
    Type.Object({ id: Type.String(), type: Type.Union([Type.Literal(0), Type.Literal(1)]), is_sensitive: Type.Integer(), name: Text }),
  ),
  area_codes: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String({ pattern: '^[0-9]{1,4}$' }), name: Text })),
  satisfaction_dimensions: Type.Array(
    Type.Object({ id: Type.Integer(), category_id: Type.String(), value: Type.Integer({ minimum: 1 }), per_value: Type.Integer({ minimum: 1 }), name: Text, desc: Text }),
    { minItems: 1 },
  ),
  limits: Type.Object({
    create_case_ccemail_max_count: Type.Integer({ minimum: 0 }),
    /** Attachments per ticket or message. */
    accessory_count: Type.Integer({ minimum: 1, maximum: 99 }),
    /** Largest attachment, in MiB; must stay under the 12 MB request limit. */
    accessory_size_mb: Type.Integer({ minimum: 1, maximum: 11 }),
    /** Total an account may upload per (UTC) day of business time, in MiB. */
    accessory_daily_mb: Type.Integer({ minimum: 1 }),
    accessory_file_types: Type.Array(Type.String({ pattern: '^[a-z0-9]{1,8}$' }), { minItems: 1 }),
    /** How long after an urge the next one is refused. */
    press_interval_minutes: Type.Integer({ minimum: 0 }),
  }),
});
export type ReferenceData = Static<typeof ReferenceDataSchema>;

export function parseReferenceData(raw: unknown): ReferenceData {
  if (!Value.Check(ReferenceDataSchema, raw)) {
    const first = [...Value.Errors(ReferenceDataSchema, raw)][0];
    throw new Error(`work-orders reference data is invalid at ${first?.path ?? '/'}: ${first?.message ?? 'unknown'}`);
  }
  const data = raw as ReferenceData;
  const categories = new Set(data.product_categories.map((p) => p.id));
  for (const bt of data.business_types) {
    for (const id of bt.product_category_ids) if (!categories.has(id)) throw new Error(`business type ${bt.id}: unknown product category ${id}`);
  }
  for (const st of data.sub_types) {
    for (const id of st.product_category_ids) if (!categories.has(id)) throw new Error(`sub type ${st.id}: unknown product category ${id}`);
  }
  return data;
}

export const REFERENCE_DATA: ReferenceData = parseReferenceData(
  JSON.parse(fs.readFileSync(new URL('./reference-data.json', import.meta.url), 'utf8')) as unknown,
);

/** X-Language: zh-cn (default) or en-us, in any of the spellings the SDKs send. */
export type Lang = keyof Text;
export const langOf = (header: unknown): Lang => (typeof header === 'string' && /^en([-_]us)?$/i.test(header.trim()) ? 'en' : 'zh');

export const businessTypeById = (id: string) => REFERENCE_DATA.business_types.find((b) => b.id === id);
export const caseTypeName = (caseType: string, lang: Lang) => REFERENCE_DATA.case_types.find((c) => c.id === caseType)?.name[lang] ?? '';
export const regionById = (id: string) => REFERENCE_DATA.regions.find((r) => r.id === id);
export const severityById = (id: string) => REFERENCE_DATA.severities.list.find((s) => s.id === id);
export const sourceById = (id: string) => REFERENCE_DATA.sources.find((s) => s.id === id);
export const subTypeById = (id: string) => REFERENCE_DATA.sub_types.find((s) => s.id === id);
export const productCategoryById = (id: string) => REFERENCE_DATA.product_categories.find((p) => p.id === id);
export const satisfactionById = (id: number) => REFERENCE_DATA.satisfaction_dimensions.find((s) => s.id === id);
export const areaCodeExists = (code: string) => REFERENCE_DATA.area_codes.some((a) => a.code === code);
