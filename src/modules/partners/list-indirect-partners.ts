import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { pageOf } from '../../platform/pagination.ts';
import { huaweiUtc, parseHuaweiUtc } from '../../platform/time-format.ts';
import type { ListIndirectPartnersResponse, QueryIndirectPartnersReq } from '../../contract/generated/models.ts';
import { countResellers, listResellers } from './partners.repo.ts';

function instant(field: string, value: string | null | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  const d = parseHuaweiUtc(value);
  if (!d) throw new AppError('CBC.0100', `invalid parameter: ${field} must be UTC yyyy-MM-ddTHH:mm:ssZ`);
  return d.toISOString();
}

/** A tier-1 distributor lists its tier-2 resellers (云经销商), newest association first. */
export async function listIndirectPartners(
  deps: Deps,
  caller: Caller,
  input: QueryIndirectPartnersReq | undefined,
): Promise<ListIndirectPartnersResponse> {
  const req = input ?? {};
  const page = pageOf(req);
  const filter = {
    distributorId: caller.accountId,
    accountName: req.account_name || undefined,
    resellerId: req.indirect_partner_id || undefined,
    associatedFrom: instant('associated_on_begin', req.associated_on_begin),
    associatedTo: instant('associated_on_end', req.associated_on_end),
  };
  const [count, rows] = await Promise.all([countResellers(deps.db.kysely, filter), listResellers(deps.db.kysely, filter, page)]);
  return {
    count,
    indirect_partners: rows.map((r) => ({
      indirect_partner_id: r.id,
      account_name: r.name,
      name: r.display_name,
      associated_on: huaweiUtc(r.created_at),
    })),
  };
}
