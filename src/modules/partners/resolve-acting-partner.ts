import { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { findAccountById, type Conn } from '../identity/index.ts';

export const noIndirectPartnerPermission = () => new AppError('CBC.99000037', 'you have no permission on this indirect partner (tier-2 reseller)');

/**
 * The partner account a partner-API request acts for. Without `indirect_partner_id` it is the
 * caller's own account (a partner operator acts for its partner). A tier-1 distributor names one
 * of its own tier-2 resellers to act on that reseller's customers; naming any other account (a
 * foreign reseller, a missing id, a non-reseller) is CBC.99000037. A reseller may name itself;
 * a solution provider, having no tier-2, may name nobody (the documents say the field is ignored
 * there, but silently acting for the caller when it named someone else would mislead).
 */
export async function resolveActingPartner(db: Conn, caller: Caller, indirectPartnerId: string | null | undefined): Promise<string> {
  if (indirectPartnerId === undefined || indirectPartnerId === null || indirectPartnerId === '') return caller.accountId;
  if (caller.partnerType === 'distributor') {
    if (indirectPartnerId.length > 64) throw noIndirectPartnerPermission();
    const reseller = await findAccountById(db, indirectPartnerId);
    if (!reseller || reseller.kind !== 'partner' || reseller.partner_type !== 'reseller' || reseller.parent_id !== caller.accountId) {
      throw noIndirectPartnerPermission();
    }
    return reseller.id;
  }
  if (caller.partnerType === 'reseller' && indirectPartnerId === caller.accountId) return caller.accountId;
  throw noIndirectPartnerPermission();
}
