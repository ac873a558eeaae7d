import type { Insertable, Updateable } from 'kysely';
import type { CustomerAddressesTable } from '../../platform/db/schema.ts';
import type { Conn } from '../identity/index.ts';

/** SQL over customers' postal addresses. */

/** The default first, then oldest first. */
export const listAddressRows = (db: Conn, customerId: string) =>
  db.selectFrom('customer_addresses').selectAll().where('customer_id', '=', customerId).orderBy('is_default', 'desc').orderBy('created_at').orderBy('id').execute();

export const findAddressRow = (db: Conn, customerId: string, id: string) =>
  db.selectFrom('customer_addresses').selectAll().where('customer_id', '=', customerId).where('id', '=', id).executeTakeFirst();

export const insertAddressRow = (db: Conn, row: Insertable<CustomerAddressesTable>) => db.insertInto('customer_addresses').values(row).execute();

export const updateAddressRow = (db: Conn, id: string, fields: Updateable<CustomerAddressesTable>) =>
  db.updateTable('customer_addresses').set(fields).where('id', '=', id).execute();

export const deleteAddressRow = (db: Conn, id: string) => db.deleteFrom('customer_addresses').where('id', '=', id).execute();

/** Clears the default flag of the customer's addresses (before another one takes it). */
export const clearDefaultAddress = (db: Conn, customerId: string) =>
  db.updateTable('customer_addresses').set({ is_default: 0 }).where('customer_id', '=', customerId).where('is_default', '=', 1).execute();
