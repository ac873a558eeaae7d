import type { DiscountsTable } from '../../platform/db/schema.ts';
import type { Conn } from '../identity/index.ts';

/** SQL for discounts granted to customers. Takes a connection or a transaction. */

export const insertDiscounts = async (db: Conn, rows: DiscountsTable[]) => {
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('discounts').values(rows.slice(i, i + 200)).execute();
};

export const findDiscount = (db: Conn, id: string) => db.selectFrom('discounts').selectAll().where('id', '=', id).executeTakeFirst();

/** Active discounts that may reach a customer at `at`: its own (605, 607) and its partners' channel discounts (606). */
export const findDiscountsReaching = (db: Conn, customerId: string, partnerIds: string[], at: string) =>
  db
    .selectFrom('discounts')
    .selectAll()
    .where('status', '=', 'active')
    .where('effective_from', '<=', at)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>', at)]))
    .where((eb) =>
      eb.or([
        eb.and([eb('discount_type', 'in', [605, 607]), eb('customer_id', '=', customerId)]),
        ...(partnerIds.length > 0 ? [eb.and([eb('discount_type', '=', 606), eb('partner_id', 'in', partnerIds)])] : []),
      ]),
    )
    .orderBy('id')
    .execute();

export interface DiscountFilter {
  grantedBy?: string;
  customerId?: string;
  partnerId?: string;
  type?: number;
  status?: 'active' | 'revoked';
}

function filtered(db: Conn, f: DiscountFilter) {
  let q = db.selectFrom('discounts');
  if (f.grantedBy !== undefined) q = q.where('granted_by', '=', f.grantedBy);
  if (f.customerId !== undefined) q = q.where('customer_id', '=', f.customerId);
  if (f.partnerId !== undefined) q = q.where('partner_id', '=', f.partnerId);
  if (f.type !== undefined) q = q.where('discount_type', '=', f.type);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  return q;
}

export async function listDiscountRows(db: Conn, f: DiscountFilter, page: { offset: number; limit: number }) {
  const [count, rows] = await Promise.all([
    filtered(db, f).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    filtered(db, f).selectAll().orderBy('created_at', 'desc').orderBy('id').offset(page.offset).limit(page.limit).execute(),
  ]);
  return { total: Number(count.n), rows };
}

export const markRevoked = (db: Conn, id: string, at: string) =>
  db.updateTable('discounts').set({ status: 'revoked', revoked_at: at }).where('id', '=', id).where('status', '=', 'active').execute();
