import { findAccountById } from '../identity/index.ts';
import { noIndirectPartnerPermission } from '../partners/index.ts';
import type { RawBuilder, Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { EntryConditionFailed } from '../ledger/index.ts';
import { findCustomerParty, stillFundable, type Conn } from './funds.repo.ts';
import { notASubCustomer, partnerNotFound, referralCustomer } from './funds.errors.ts';

/** An account taking part in a movement: its id, and its name for the records. */
export interface Party {
  id: string;
  name: string;
}

/**
 * A tier-2 reseller of the calling tier-1 distributor; anything else (foreign, missing) is
 * CBC.99000037, as partners' resolveActingPartner answers for indirect_partner_id everywhere.
 */
export async function getOwnIndirectPartner(db: Conn, distributorId: string, indirectPartnerId: string): Promise<Party> {
  const account = await findAccountById(db, indirectPartnerId);
  if (!account || account.kind !== 'partner' || account.partner_type !== 'reseller' || account.parent_id !== distributorId) {
    throw noIndirectPartnerPermission();
  }
  return { id: account.id, name: account.name };
}

/**
 * A customer the partner may fund or reclaim from: its own, and resale (代售). A foreign or missing
 * customer answers CBC.99000035, the same either way; a referral customer CBC.5021.
 */
export async function getFundableCustomer(db: Conn, partnerId: string, customerId: string): Promise<Party> {
  const customer = await findCustomerParty(db, customerId);
  if (!customer || customer.partner_id !== partnerId) throw notASubCustomer(customerId);
  if (customer.association_type !== 2) throw referralCustomer(customerId);
  return { id: customer.id, name: customer.name };
}

/** Its partner's resale (代售) customer: the only kind a partner funds or reclaims from. */
const isFundable = (customer: { partner_id: string; association_type: number }, partnerId: string) =>
  customer.partner_id === partnerId && customer.association_type === 2;

/** A fundable customer as read before a transaction: a hint, which the movement itself confirms. */
export interface SeenCustomer {
  party: Party;
  partnerId: string;
  /** Drops it from the recently seen ones (it no longer holds). */
  forget(): void;
}

/**
 * Fundable customers recently read, per database, for a few seconds: a partner funds the same
 * customers again and again, and each read is a statement (on PostgreSQL, a round trip) that every
 * request would pay. A stale entry is harmless: the movement's condition (stillFundable) checks the
 * customer, its partner, its kind and its name as the money moves, and on a mismatch the customer is
 * read again in the transaction.
 */
const recentlySeen = new WeakMap<object, Map<string, { at: number; seen: SeenCustomer }>>();
const SEEN_FOR_MS = 5_000;
const SEEN_AT_MOST = 10_000;

/** The customer, when the partner may fund or reclaim from it (as last read); null otherwise (no error). */
export async function seeFundableCustomer(
  db: Conn,
  partnerId: string,
  customerId: string,
  /** Real time (Deps.wallClock) in ms: what it keeps, it keeps for SEEN_FOR_MS of it. */
  now: number,
): Promise<SeenCustomer | null> {
  let cache = recentlySeen.get(db);
  if (!cache) recentlySeen.set(db, (cache = new Map()));
  const hit = cache.get(customerId);
  if (hit && now - hit.at < SEEN_FOR_MS && hit.seen.partnerId === partnerId) return hit.seen;
  const customer = await findCustomerParty(db, customerId);
  if (!customer || !isFundable(customer, partnerId)) {
    cache.delete(customerId);
    return null;
  }
  const seen: SeenCustomer = { party: { id: customer.id, name: customer.name }, partnerId, forget: () => cache.delete(customerId) };
  cache.delete(customerId);
  if (cache.size >= SEEN_AT_MOST) cache.delete(cache.keys().next().value!);
  cache.set(customerId, { at: now, seen });
  return seen;
}

/**
 * Runs a movement between a partner and its customer. `seen` is the customer as read before the
 * transaction (seeFundableCustomer), so that a group holding the partner's balance does not wait on
 * that read; the movement checks it still holds, name included, in the statement that moves the
 * money (a ledger entry condition). When it no longer holds, or was not seen, the customer is
 * checked in the transaction, which says what is wrong (or, should it hold again, lets the movement
 * go ahead). Reading first never answers for the caller: an idempotent retry still gets its stored
 * answer.
 */
export async function withFundableCustomer<T>(
  trx: Transaction<DB>,
  partnerId: string,
  customerId: string,
  seen: SeenCustomer | null,
  move: (customer: Party, onlyIf?: RawBuilder<unknown>) => Promise<T>,
): Promise<T> {
  if (seen && seen.party.id === customerId && seen.partnerId === partnerId) {
    try {
      return await move(seen.party, stillFundable(partnerId, seen.party));
    } catch (e) {
      if (!(e instanceof EntryConditionFailed)) throw e;
      seen.forget();
    }
  }
  return move(await getFundableCustomer(trx, partnerId, customerId));
}

/** Any partner account (operator plane); PBSS.0404 when there is none. */
export async function getPartner(db: Conn, partnerId: string): Promise<Party> {
  const account = await findAccountById(db, partnerId);
  if (!account || account.kind !== 'partner') throw partnerNotFound(partnerId);
  return { id: account.id, name: account.name };
}
