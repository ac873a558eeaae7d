import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { BillRecordsTable, DB } from '../../platform/db/schema.ts';
import { toFen } from '../../platform/money.ts';
import { zeroAmounts, type BillAmounts } from './bill-amounts.ts';
import { sumDecimalTexts } from './decimal-text.ts';

/** SQL for the bill reads: bill_records (written by orders and by usage rating) and the names answers show. Reads only. */
export type Conn = Kysely<DB>;

export interface BillRow {
  id: string;
  customerId: string;
  partnerId: string | null;
  billType: number;
  chargeMode: number;
  tradeId: string;
  /** Null for on-demand usage (no order). */
  orderId: string | null;
  resourceId: string | null;
  parentResourceId: string | null;
  serviceTypeCode: string;
  resourceTypeCode: string;
  regionCode: string;
  specCode: string;
  productId: string;
  resourceSize: number | null;
  sizeMeasureId: number | null;
  periodType: number | null;
  periodNum: number | null;
  effectiveTime: string | null;
  expireTime: string | null;
  amounts: BillAmounts;
  discountType: number | null;
  paymentStatus: number;
  tradeTime: string;
  billCycle: string;
  billDate: string;
  /** On-demand usage behind the record (its rated line), or behind a group of records; absent when none or not summable. */
  usage?: LineUsage;
}

/** What rated usage lines measured: `usage` and `free` are exact decimal text in the unit `measureId`. */
export interface LineUsage {
  usageType: string;
  measureId: number;
  usage: string;
  free: string;
}

/**
 * Which records a read covers. Text filters given as '' match records where the column is empty
 * (the documents' "carried empty, filter by empty"); leave a filter out for no filter.
 */
export interface BillFilter {
  customerIds?: readonly string[];
  /** Records written while the customer was this partner's. */
  partnerId?: string;
  cycle?: string;
  cycles?: readonly string[];
  /** China days, both inclusive. */
  days?: { from: string; to: string };
  serviceTypeCode?: string;
  resourceTypeCode?: string;
  regionCode?: string;
  chargeMode?: number;
  billTypes?: readonly number[];
  tradeId?: string;
  resourceId?: string;
  resourceName?: string;
  paymentStatus?: number;
  /** Leave out records whose consumed amount is 0. */
  nonZero?: boolean;
  /** The customer's association type with the record's partner when the record was written. */
  associationType?: number;
  accountManager?: string;
  /** Prepaid records whose paid stretch overlaps [from, to), and other records of the cycles in `cycles`. */
  amortizedInto?: { from: string; to: string; cycles: readonly string[] };
  /** Leave out on-demand usage (types 5 and 25, charge mode 3): read from usage_cycle_sums instead. */
  exceptUsage?: boolean;
  /** Nothing matches (a filter no record can meet, such as a foreign enterprise project). */
  nothing?: boolean;
}

type Eb = ExpressionBuilder<DB, 'bill_records'>;

/** The on-demand bill types usage rating writes and sums per cycle in usage_cycle_sums. */
export const USAGE_BILL_TYPES = [5, 25];

/**
 * The customer's association type with the record's partner at the record's time: from the
 * association history when the association has since ended or changed, else the current one.
 */
export const associationTypeAt = () =>
  sql<number | null>`coalesce(
    (select h.association_type from association_history h
      where h.customer_id = bill_records.customer_id and h.partner_id = bill_records.partner_id
        and h.started_at <= bill_records.trade_time and h.ended_at > bill_records.trade_time
      order by h.id desc limit 1),
    (select c.association_type from customers c where c.id = bill_records.customer_id and c.partner_id = bill_records.partner_id))`;

function eqOrEmpty(eb: Eb, column: 'service_type_code' | 'resource_type_code' | 'region_code' | 'trade_id' | 'resource_id', value: string): Expression<SqlBool> {
  return value === '' ? eb.or([eb(column, '=', ''), eb(column, 'is', null)]) : eb(column, '=', value);
}

export function whereBills<O>(qb: SelectQueryBuilder<DB, 'bill_records', O>, f: BillFilter): SelectQueryBuilder<DB, 'bill_records', O> {
  return qb.where((eb) => {
    const all: Expression<SqlBool>[] = [];
    if (f.nothing) all.push(sql<SqlBool>`1 = 0`);
    if (f.customerIds) all.push(f.customerIds.length ? eb('customer_id', 'in', [...f.customerIds]) : sql<SqlBool>`1 = 0`);
    if (f.partnerId !== undefined) all.push(eb('partner_id', '=', f.partnerId));
    if (f.cycle !== undefined) all.push(eb('bill_cycle', '=', f.cycle));
    if (f.cycles) all.push(f.cycles.length ? eb('bill_cycle', 'in', [...f.cycles]) : sql<SqlBool>`1 = 0`);
    if (f.days) all.push(eb('bill_date', '>=', f.days.from), eb('bill_date', '<=', f.days.to));
    if (f.serviceTypeCode !== undefined) all.push(eqOrEmpty(eb, 'service_type_code', f.serviceTypeCode));
    if (f.resourceTypeCode !== undefined) all.push(eqOrEmpty(eb, 'resource_type_code', f.resourceTypeCode));
    if (f.regionCode !== undefined) all.push(eqOrEmpty(eb, 'region_code', f.regionCode));
    if (f.tradeId !== undefined) all.push(eqOrEmpty(eb, 'trade_id', f.tradeId));
    if (f.resourceId !== undefined) all.push(eqOrEmpty(eb, 'resource_id', f.resourceId));
    if (f.chargeMode !== undefined) all.push(eb('charge_mode', '=', f.chargeMode));
    if (f.billTypes) all.push(f.billTypes.length ? eb('bill_type', 'in', [...f.billTypes]) : sql<SqlBool>`1 = 0`);
    if (f.paymentStatus !== undefined) all.push(eb('payment_status', '=', f.paymentStatus));
    if (f.nonZero) all.push(eb('consume_amount', '<>', 0));
    if (f.exceptUsage) all.push(eb.not(eb.and([eb('charge_mode', '=', 3), eb('bill_type', 'in', USAGE_BILL_TYPES)])));
    if (f.resourceName !== undefined) {
      all.push(eb('resource_id', 'in', eb.selectFrom('subscription_resources').select('id').where('resource_name', '=', f.resourceName)));
    }
    if (f.accountManager !== undefined) {
      all.push(eb('customer_id', 'in', eb.selectFrom('customers').select('id').where('account_manager', '=', f.accountManager)));
    }
    if (f.associationType !== undefined) all.push(sql<SqlBool>`${associationTypeAt()} = ${f.associationType}`);
    if (f.amortizedInto) {
      const { from, to, cycles } = f.amortizedInto;
      const prepaid = eb.and([eb('charge_mode', '=', 1), eb('effective_time', 'is not', null), eb('expire_time', 'is not', null), eb('expire_time', '>', eb.ref('effective_time'))]);
      all.push(
        eb.or([
          eb.and([prepaid, eb('effective_time', '<', to), eb('expire_time', '>', from)]),
          eb.and([eb.not(prepaid), eb('bill_cycle', 'in', [...cycles])]),
        ]),
      );
    }
    return eb.and(all);
  });
}

export function billRowOf(r: Selectable<BillRecordsTable>): BillRow {
  const amounts = zeroAmounts();
  amounts.official = toFen(r.official_amount);
  amounts.discount = toFen(r.discount_amount);
  amounts.erase = toFen(r.erase_amount);
  amounts.consume = toFen(r.consume_amount);
  amounts.cash = toFen(r.cash_amount);
  amounts.credit = toFen(r.credit_amount);
  amounts.coupon = toFen(r.coupon_amount);
  amounts.flexipurchaseCoupon = toFen(r.flexipurchase_coupon_amount);
  amounts.storedCard = toFen(r.stored_card_amount);
  amounts.bonus = toFen(r.bonus_amount);
  amounts.debt = toFen(r.debt_amount);
  amounts.writeoff = toFen(r.writeoff_amount);
  return {
    id: r.id,
    customerId: r.customer_id,
    partnerId: r.partner_id,
    billType: r.bill_type,
    chargeMode: r.charge_mode,
    tradeId: r.trade_id,
    orderId: r.order_id === '' ? null : r.order_id,
    resourceId: r.resource_id,
    parentResourceId: r.parent_resource_id,
    serviceTypeCode: r.service_type_code,
    resourceTypeCode: r.resource_type_code,
    regionCode: r.region_code,
    specCode: r.spec_code,
    productId: r.product_id,
    resourceSize: r.resource_size,
    sizeMeasureId: r.size_measure_id,
    periodType: r.period_type,
    periodNum: r.period_num,
    effectiveTime: r.effective_time,
    expireTime: r.expire_time,
    amounts,
    discountType: r.discount_type,
    paymentStatus: r.payment_status,
    tradeTime: r.trade_time,
    billCycle: r.bill_cycle,
    billDate: r.bill_date,
  };
}

export interface Page {
  offset: number;
  limit: number;
}

export async function countBills(db: Conn, f: BillFilter): Promise<number> {
  const row = await whereBills(db.selectFrom('bill_records').select((eb) => eb.fn.countAll<number | string>().as('n')), f).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Records in trade order (then id): a month reads like a statement. */
export async function listBills(db: Conn, f: BillFilter, page?: Page): Promise<BillRow[]> {
  let q = whereBills(db.selectFrom('bill_records').selectAll(), f).orderBy('trade_time').orderBy('id');
  if (page) q = q.offset(page.offset).limit(page.limit);
  return (await q.execute()).map(billRowOf);
}

/** Columns a sum may be grouped by; `sum_type` is the customer's monthly-sum bill type (1 consumption, 2 refund, 3 adjustment), `partner_sum_type` the partner's (0, 1). */
export type GroupColumn =
  | 'customer_id'
  | 'service_type_code'
  | 'resource_type_code'
  | 'region_code'
  | 'charge_mode'
  | 'bill_type'
  | 'bill_cycle'
  | 'bill_date'
  | 'resource_id'
  | 'parent_resource_id'
  | 'product_id'
  | 'spec_code'
  | 'period_type'
  | 'resource_size'
  | 'size_measure_id'
  | 'sum_type'
  | 'partner_sum_type';

const AMOUNT_COLUMNS = {
  official: 'official_amount',
  discount: 'discount_amount',
  erase: 'erase_amount',
  consume: 'consume_amount',
  cash: 'cash_amount',
  credit: 'credit_amount',
  coupon: 'coupon_amount',
  flexipurchaseCoupon: 'flexipurchase_coupon_amount',
  storedCard: 'stored_card_amount',
  bonus: 'bonus_amount',
  debt: 'debt_amount',
  writeoff: 'writeoff_amount',
} as const satisfies Record<keyof BillAmounts, keyof BillRecordsTable>;

function groupExpression(c: GroupColumn) {
  if (c === 'sum_type') return sql<number>`case when bill_type in (4, 20, 24) then 2 when bill_type in (9, 16) then 3 else 1 end`;
  if (c === 'partner_sum_type') return sql<number>`case when bill_type in (4, 20, 24) then 1 else 0 end`;
  return sql.ref<string | number | null>(c);
}

export interface BillGroup {
  key: Record<GroupColumn, string | number | null>;
  amounts: BillAmounts;
  count: number;
  /** Trade time of the group's last record. */
  lastTradeTime: string;
  /** Asked with `withUsage`: the group's usage, when every record of it has a rated line of one usage type and unit. */
  usage?: LineUsage;
}

function groupedQuery(db: Conn, f: BillFilter, by: readonly GroupColumn[]) {
  const sums = Object.entries(AMOUNT_COLUMNS).map(([k, col]) => sql<string | number>`sum(${sql.ref(col)})`.as(`s_${k}`));
  const q = db
    .selectFrom('bill_records')
    .select([...by.map((c) => groupExpression(c).as(c)), ...sums, sql<string | number>`count(*)`.as('n'), sql<string>`max(trade_time)`.as('last_trade')])
    .groupBy(by.map((c) => groupExpression(c)));
  return whereBills(q, f);
}

/**
 * The rated line of each on-demand usage record: its bill record carries the line's id as trade id
 * (the primary key's index serves the join) and the line names the record back. The line's columns
 * are renamed so that the filters' unqualified bill_records columns stay unambiguous; a record has
 * at most one line, so the join repeats no record and the amounts' sums are unchanged.
 */
function withLineUsage<O>(db: Conn, q: SelectQueryBuilder<DB, 'bill_records', O>) {
  const lines = db
    .selectFrom('usage_rated_lines')
    .select(['id as ul_id', 'bill_record_id as ul_bill_record_id', 'usage_type as ul_usage_type', 'usage_measure_id as ul_measure_id', 'usage_value as ul_usage', 'free_usage as ul_free'])
    .as('ul');
  return q
    .leftJoin(lines, (j) => j.onRef('ul.ul_id', '=', 'bill_records.trade_id').onRef('ul.ul_bill_record_id', '=', 'bill_records.id'))
    .select([
      sql<string | number>`count(ul.ul_id)`.as('u_lines'),
      sql<string | null>`min(ul.ul_usage_type)`.as('u_type_min'),
      sql<string | null>`max(ul.ul_usage_type)`.as('u_type_max'),
      sql<number | null>`min(ul.ul_measure_id)`.as('u_measure_min'),
      sql<number | null>`max(ul.ul_measure_id)`.as('u_measure_max'),
      // string_agg: PostgreSQL, and SQLite since 3.44. Decimal text is summed exactly in JS.
      sql<string | null>`string_agg(ul.ul_usage, ',')`.as('u_usage'),
      sql<string | null>`string_agg(ul.ul_free, ',')`.as('u_free'),
    ]);
}

/**
 * A group's usage. Quantities of different usage types or units do not add up, and a group with a
 * record that has no rated line (a truncation make-up, type 25) would be summed short: those keep
 * no usage rather than a wrong one.
 */
function groupUsage(r: Record<string, unknown>, count: number): LineUsage | undefined {
  if (Number(r.u_lines) !== count || r.u_type_min !== r.u_type_max || Number(r.u_measure_min) !== Number(r.u_measure_max)) return undefined;
  const usage = sumDecimalTexts(String(r.u_usage).split(','));
  const free = sumDecimalTexts(String(r.u_free).split(','));
  if (usage === null || free === null) return undefined;
  return { usageType: String(r.u_type_min), measureId: Number(r.u_measure_min), usage, free };
}

/** Sums of the records `f` selects, one per combination of `by`, ordered by `by`; a page of them (with their usage when asked). */
export async function sumBills(db: Conn, f: BillFilter, by: readonly GroupColumn[], page?: Page, opts: { withUsage?: boolean } = {}): Promise<BillGroup[]> {
  let q = groupedQuery(db, f, by);
  for (const c of by) q = q.orderBy(groupExpression(c));
  if (page) q = q.offset(page.offset).limit(page.limit);
  const rows = (await (opts.withUsage ? withLineUsage(db, q) : q).execute()) as Array<Record<string, unknown>>;
  return rows.map((r) => {
    const amounts = zeroAmounts();
    for (const k of Object.keys(AMOUNT_COLUMNS) as Array<keyof BillAmounts>) amounts[k] = toFen(r[`s_${k}`] as string | number);
    const key = Object.fromEntries(by.map((c) => [c, normalize(r[c])])) as Record<GroupColumn, string | number | null>;
    const count = Number(r.n);
    const usage = opts.withUsage ? groupUsage(r, count) : undefined;
    return { key, amounts, count, lastTradeTime: String(r.last_trade), ...(usage ? { usage } : {}) };
  });
}

/** PostgreSQL returns int8 sums and counts as text; group keys stay as stored. */
const normalize = (v: unknown): string | number | null => (v === null || v === undefined ? null : typeof v === 'bigint' ? Number(v) : (v as string | number));

export async function countBillGroups(db: Conn, f: BillFilter, by: readonly GroupColumn[]): Promise<number> {
  const row = await db
    .selectFrom(groupedQuery(db, f, by).as('g'))
    .select(sql<number | string>`count(*)`.as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Customers with records, in id order. */
export async function listBilledCustomers(db: Conn, f: BillFilter, page: Page): Promise<{ total: number; ids: string[] }> {
  const base = whereBills(db.selectFrom('bill_records').select('customer_id').distinct(), f);
  const [total, rows] = await Promise.all([
    db.selectFrom(base.as('c')).select(sql<number | string>`count(*)`.as('n')).executeTakeFirst(),
    base.orderBy('customer_id').offset(page.offset).limit(page.limit).execute(),
  ]);
  return { total: Number(total?.n ?? 0), ids: rows.map((r) => r.customer_id) };
}

/** Names answers show, looked up for a batch of records. */
export async function findNameTables(
  db: Conn,
  items: ReadonlyArray<{ serviceTypeCode: string; resourceTypeCode: string; regionCode: string; specCode: string; resourceId: string | null; customerId: string }>,
) {
  const uniq = <T>(xs: T[]) => [...new Set(xs)];
  const services = uniq(items.map((i) => i.serviceTypeCode));
  const resources = uniq(items.map((i) => i.resourceTypeCode));
  const regions = uniq(items.map((i) => i.regionCode));
  const specs = uniq(items.map((i) => i.specCode).filter((s) => s !== ''));
  const resourceIds = uniq(items.flatMap((i) => (i.resourceId ? [i.resourceId] : [])));
  const customers = uniq(items.map((i) => i.customerId));
  const none = Promise.resolve([]);
  const [s, r, g, p, n, a] = await Promise.all([
    services.length ? db.selectFrom('catalog_service_types').select(['code', 'name_zh', 'name_en']).where('code', 'in', services).execute() : none,
    resources.length ? db.selectFrom('catalog_resource_types').select(['code', 'name_zh', 'name_en']).where('code', 'in', resources).execute() : none,
    regions.length ? db.selectFrom('catalog_regions').select(['code', 'name_zh', 'name_en']).where('code', 'in', regions).execute() : none,
    specs.length
      ? db.selectFrom('catalog_resource_specs').select(['service_type_code', 'resource_type_code', 'spec_code', 'name_zh', 'name_en']).where('spec_code', 'in', specs).execute()
      : Promise.resolve([] as Array<{ service_type_code: string; resource_type_code: string; spec_code: string; name_zh: string; name_en: string }>),
    resourceIds.length ? db.selectFrom('subscription_resources').select(['id', 'resource_name']).where('id', 'in', resourceIds).execute() : Promise.resolve([] as Array<{ id: string; resource_name: string }>),
    customers.length
      ? db.selectFrom('accounts').leftJoin('customers', 'customers.id', 'accounts.id').select(['accounts.id', 'accounts.name', 'customers.account_manager', 'customers.partner_id', 'customers.association_type']).where('accounts.id', 'in', customers).execute()
      : Promise.resolve([] as Array<{ id: string; name: string; account_manager: string | null; partner_id: string | null; association_type: number | null }>),
  ]);
  return {
    services: new Map(s.map((x) => [x.code, x])),
    resourceTypes: new Map(r.map((x) => [x.code, x])),
    regions: new Map(g.map((x) => [x.code, x])),
    specs: new Map(p.map((x) => [`${x.service_type_code}|${x.resource_type_code}|${x.spec_code}`, x])),
    resourceNames: new Map(n.map((x) => [x.id, x.resource_name])),
    accounts: new Map(a.map((x) => [x.id, x])),
  };
}

/**
 * On-demand usage of customers' cycles summed per product family, from the running sums rating
 * keeps (usage_cycle_sums): the same totals as the usage bill records, without reading them.
 */
export async function sumUsageCycles(db: Conn, customerIds: readonly string[], cycle: string, serviceTypeCode?: string) {
  if (customerIds.length === 0) return [];
  let q = db
    .selectFrom('usage_cycle_sums')
    .select([
      'customer_id',
      'service_type_code',
      'resource_type_code',
      sql<string | number>`sum(official_amount)`.as('official'),
      sql<string | number>`sum(discount_amount)`.as('discount'),
      sql<string | number>`sum(consume_amount)`.as('consume'),
      sql<string | number>`sum(cash_amount)`.as('cash'),
      sql<string | number>`sum(credit_amount)`.as('credit'),
      sql<string | number>`sum(debt_amount)`.as('debt'),
      sql<string | number>`sum(record_count)`.as('n'),
      sql<string>`max(updated_at)`.as('last'),
    ])
    .where('customer_id', 'in', [...customerIds])
    .where('bill_cycle', '=', cycle)
    .groupBy(['customer_id', 'service_type_code', 'resource_type_code']);
  if (serviceTypeCode !== undefined) q = q.where('service_type_code', '=', serviceTypeCode);
  const rows = await q.execute();
  return rows
    .filter((r) => Number(r.n) > 0)
    .map((r) => {
      const amounts = zeroAmounts();
      amounts.official = toFen(r.official);
      amounts.discount = toFen(r.discount);
      amounts.consume = toFen(r.consume);
      amounts.cash = toFen(r.cash);
      amounts.credit = toFen(r.credit);
      amounts.debt = toFen(r.debt);
      return { customerId: r.customer_id, serviceTypeCode: r.service_type_code, resourceTypeCode: r.resource_type_code, amounts, count: Number(r.n), lastTradeTime: r.last };
    });
}

/** Each record's association type at its time (see associationTypeAt), by record id. */
export async function findAssociationTypes(db: Conn, ids: readonly string[]): Promise<Map<string, number | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('bill_records').select(['id', associationTypeAt().as('association_type')]).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r.association_type === null ? null : Number(r.association_type)]));
}
