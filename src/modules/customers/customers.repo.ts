import type { Updateable } from 'kysely';
import type { CustomersTable } from '../../platform/db/schema.ts';
import { containsText } from '../../platform/db/dialect.ts';
import type { Conn } from '../identity/index.ts';

/** SQL over the customer record (`customers` joined with its account). Takes a connection or a transaction. */

const RECORD_COLUMNS = [
  'c.id',
  'c.partner_id',
  'c.association_type',
  'c.associated_at',
  'c.xaccount_id',
  'c.xaccount_type',
  'c.mobile_phone',
  'c.email',
  'c.label',
  'c.customer_level',
  'c.account_manager',
  'c.verified_status',
  'c.customer_type',
  'c.realname_name',
  'c.verified_at',
  'a.name as account_name',
  'a.status as account_status',
] as const;

export type CustomerRecord = NonNullable<Awaited<ReturnType<typeof findCustomerRecord>>>;

export const findCustomerRecord = (db: Conn, id: string) =>
  db.selectFrom('customers as c').innerJoin('accounts as a', 'a.id', 'c.id').select(RECORD_COLUMNS).where('c.id', '=', id).executeTakeFirst();

export const findCustomerByXaccount = (db: Conn, xaccountType: string, xaccountId: string) =>
  db.selectFrom('customers').select('id').where('xaccount_type', '=', xaccountType).where('xaccount_id', '=', xaccountId).executeTakeFirst();

export async function countCustomersWithMobile(db: Conn, mobile: string): Promise<number> {
  const row = await db.selectFrom('customers').select((eb) => eb.fn.countAll().as('n')).where('mobile_phone', '=', mobile).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function emailInUse(db: Conn, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('customers')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  return !!row;
}

export type CustomerProfile = Pick<
  Updateable<CustomersTable>,
  'mobile_phone' | 'email' | 'label' | 'customer_level' | 'account_manager' | 'close_market_messages' | 'verified_status' | 'customer_type' | 'realname_name' | 'verified_at'
>;

export const updateCustomerProfile = (db: Conn, id: string, fields: CustomerProfile) =>
  db.updateTable('customers').set(fields).where('id', '=', id).execute();

export interface CustomerFilter {
  partnerId: string;
  accountName?: string;
  realName?: string;
  label?: string;
  associationType?: number;
  associatedFrom?: string;
  /** Exclusive upper bound. */
  associatedBefore?: string;
  customerId?: string;
}

function customersQuery(db: Conn, f: CustomerFilter) {
  let q = db.selectFrom('customers as c').innerJoin('accounts as a', 'a.id', 'c.id').where('c.partner_id', '=', f.partnerId);
  if (f.accountName) q = q.where(containsText(db, 'a.name', f.accountName));
  if (f.realName) q = q.where(containsText(db, 'c.realname_name', f.realName));
  if (f.label) q = q.where(containsText(db, 'c.label', f.label));
  if (f.associationType !== undefined) q = q.where('c.association_type', '=', f.associationType);
  if (f.associatedFrom) q = q.where('c.associated_at', '>=', f.associatedFrom);
  if (f.associatedBefore) q = q.where('c.associated_at', '<', f.associatedBefore);
  if (f.customerId) q = q.where('c.id', '=', f.customerId);
  return q;
}

export async function countCustomers(db: Conn, f: CustomerFilter): Promise<number> {
  const row = await customersQuery(db, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Newest association first. */
export const listCustomers = (db: Conn, f: CustomerFilter, page: { offset: number; limit: number }) =>
  customersQuery(db, f).select(RECORD_COLUMNS).orderBy('c.associated_at', 'desc').orderBy('c.id').offset(page.offset).limit(page.limit).execute();

export const listCustomersByIds = (db: Conn, partnerId: string, ids: readonly string[] | null, page: { offset: number; limit: number }) => {
  let q = db.selectFrom('customers as c').where('c.partner_id', '=', partnerId);
  if (ids) q = q.where('c.id', 'in', ids);
  return q.select(['c.id', 'c.verified_status', 'c.verified_at']).orderBy('c.associated_at', 'desc').orderBy('c.id').offset(page.offset).limit(page.limit).execute();
};
