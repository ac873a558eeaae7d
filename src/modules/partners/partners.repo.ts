import type { Conn } from '../identity/index.ts';

export interface ResellerFilter {
  distributorId: string;
  accountName?: string;
  resellerId?: string;
  associatedFrom?: string;
  associatedTo?: string;
}

function resellersQuery(db: Conn, f: ResellerFilter) {
  let q = db
    .selectFrom('accounts')
    .where('kind', '=', 'partner')
    .where('partner_type', '=', 'reseller')
    .where('parent_id', '=', f.distributorId);
  if (f.accountName) q = q.where('name', '=', f.accountName);
  if (f.resellerId) q = q.where('id', '=', f.resellerId);
  if (f.associatedFrom) q = q.where('created_at', '>=', f.associatedFrom);
  if (f.associatedTo) q = q.where('created_at', '<=', f.associatedTo);
  return q;
}

export async function countResellers(db: Conn, f: ResellerFilter): Promise<number> {
  const row = await resellersQuery(db, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export const listResellers = (db: Conn, f: ResellerFilter, page: { offset: number; limit: number }) =>
  resellersQuery(db, f)
    .select(['id', 'name', 'display_name', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();

export const listPartners = (db: Conn, page: { offset: number; limit: number }, type?: string) => {
  let q = db.selectFrom('accounts').where('kind', '=', 'partner');
  if (type) q = q.where('partner_type', '=', type as never);
  return q
    .select(['id', 'name', 'display_name', 'partner_type', 'parent_id', 'status', 'created_at'])
    .orderBy('created_at')
    .orderBy('id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
};
