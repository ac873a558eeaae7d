import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { pageOf } from '../../platform/pagination.ts';
import type { ListSubCustomerNewTagReq, ListSubCustomerNewTagResponse, NewCustomerTagItem } from '../../contract/generated/models.ts';
import { resolveActingPartner } from '../partners/index.ts';
import { invalidParam } from './customers.errors.ts';
import { listCustomersByIds } from './customers.repo.ts';

/** How long a newly verified customer keeps the SMB new-customer tag, in months (a design decision). */
export const NEW_CUSTOMER_TAG_MONTHS = 12;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The month (YYYY-MM) of an instant in China time, shifted by `plusMonths`. */
function chinaMonth(at: Date, plusMonths = 0): string {
  const d = new Date(at.getTime() + CHINA_OFFSET_MS);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + plusMonths;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/**
 * The SMB new-customer tag as this platform keeps it: a customer becomes a qualified new customer
 * (Y) in the month its real-name verification is first approved, for NEW_CUSTOMER_TAG_MONTHS
 * months; afterwards the tag is N. An unverified customer has no tag (only its id is returned).
 */
export function newCustomerTag(customerId: string, verifiedAt: string | null, now: Date): NewCustomerTagItem {
  if (!verifiedAt) return { customer_id: customerId };
  const effective = chinaMonth(new Date(verifiedAt));
  const expire = chinaMonth(new Date(verifiedAt), NEW_CUSTOMER_TAG_MONTHS);
  return {
    customer_id: customerId,
    customer_tag_type: 'SMB',
    new_customer_tag: chinaMonth(now) >= expire ? 'N' : 'Y',
    effective_time: effective,
    expire_time: expire,
  };
}

/** list_sub_customer_new_tag: tags of the acting partner's customers; ids of other partners' customers are left out. */
export async function listSubCustomerNewTags(deps: Deps, caller: Caller, input: ListSubCustomerNewTagReq | undefined): Promise<ListSubCustomerNewTagResponse> {
  const req = input ?? {};
  const page = pageOf(req, 100);
  const ids = req.customer_ids && req.customer_ids.length > 0 ? req.customer_ids : null;
  if (ids && ids.length > 100) throw invalidParam('customer_ids', 'must have at most 100 items');
  ids?.forEach((id, i) => {
    if (id.length === 0 || id.length > 64) throw invalidParam(`customer_ids[${i}]`, 'must be 1-64 characters');
  });
  const partnerId = await resolveActingPartner(deps.db.kysely, caller, req.indirect_partner_id);
  const rows = await listCustomersByIds(deps.db.kysely, partnerId, ids, page);
  const now = deps.clock.now();
  return { new_customer_tags: rows.map((r) => newCustomerTag(r.id, r.verified_at, now)) };
}
