import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { pageOf } from '../../platform/pagination.ts';
import { huaweiUtc, parseHuaweiUtc } from '../../platform/time-format.ts';
import type { CustomerInformation, ListSubCustomersResponse, QuerySubCustomerListReq } from '../../contract/generated/models.ts';
import { resolveActingPartner } from '../partners/index.ts';
import { invalidParam } from './customers.errors.ts';
import { countCustomers, listCustomers, type CustomerFilter, type CustomerRecord } from './customers.repo.ts';
import { checkText } from './field-rules.ts';

export const MAX_OFFSET = 40_000_000;

/** A fuzzy filter: "" or null means none; spaces are refused, as documented. */
function fuzzy(field: string, value: string | null | undefined, max: number): string | undefined {
  if (!value) return undefined;
  checkText(field, value, { max });
  if (/\s/.test(value)) throw invalidParam(field, 'must not contain spaces');
  return value;
}

function instant(field: string, value: string | null | undefined): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const d = parseHuaweiUtc(value);
  if (!d) throw invalidParam(field, "must be a UTC time written yyyy-MM-dd'T'HH:mm:ss'Z'");
  return d;
}

export function toCustomerInformation(r: CustomerRecord): CustomerInformation {
  return {
    ...(r.realname_name ? { customer: r.realname_name } : {}),
    account_name: r.account_name,
    customer_id: r.id,
    associated_on: huaweiUtc(r.associated_at),
    association_type: String(r.association_type),
    ...(r.label ? { label: r.label } : {}),
    ...(r.mobile_phone ? { telephone: r.mobile_phone, country_code: '0086' } : {}),
    verified_status: String(r.verified_status),
    customer_type: r.customer_type,
    is_frozen: r.account_status === 'frozen' ? 1 : 0,
    account_managers: r.account_manager ? [{ account_name: r.account_manager }] : [],
    ...(r.xaccount_id ? { xaccount_id: r.xaccount_id } : {}),
    ...(r.xaccount_type ? { xaccount_type: r.xaccount_type } : {}),
    ...(r.customer_level ? { customer_level: r.customer_level } : {}),
    ...(r.email ? { email: r.email } : {}),
  };
}

/**
 * list_sub_customers: the acting partner's customers (its own, or with indirect_partner_id a
 * tier-1's reseller's), newest association first. Name, real name and label match anywhere in the
 * value, case-sensitively; the association window is inclusive to the second.
 */
export async function listSubCustomers(deps: Deps, caller: Caller, input: QuerySubCustomerListReq | undefined): Promise<ListSubCustomersResponse> {
  const req = input ?? {};
  const page = pageOf(req, 100);
  if (page.offset > MAX_OFFSET) throw invalidParam('offset', `must be at most ${MAX_OFFSET}`);
  const associationType = req.association_type ? req.association_type : undefined;
  if (associationType !== undefined && associationType !== '1' && associationType !== '2') throw invalidParam('association_type', 'must be 1 or 2');
  if (req.associated_on_begin === '') throw invalidParam('associated_on_begin', 'must not be empty');
  if (req.associated_on_end === '') throw invalidParam('associated_on_end', 'must not be empty');
  const from = instant('associated_on_begin', req.associated_on_begin);
  const to = instant('associated_on_end', req.associated_on_end);
  checkText('customer_id', req.customer_id, { max: 64 });
  const filter: CustomerFilter = {
    partnerId: await resolveActingPartner(deps.db.kysely, caller, req.indirect_partner_id),
    accountName: fuzzy('account_name', req.account_name, 64),
    realName: fuzzy('customer', req.customer, 255),
    label: fuzzy('label', req.label, 256),
    associationType: associationType === undefined ? undefined : Number(associationType),
    associatedFrom: from?.toISOString(),
    associatedBefore: to ? new Date(to.getTime() + 1000).toISOString() : undefined,
    customerId: req.customer_id || undefined,
  };
  const db = deps.db.kysely;
  const [count, rows] = await Promise.all([countCustomers(db, filter), listCustomers(db, filter, page)]);
  return { count, customer_infos: rows.map(toCustomerInformation) };
}
