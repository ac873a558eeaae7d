/**
 * Factories for the funds tests: a fresh tree of partners and customers per call (so that tests
 * and property runs share one database without sharing balances), callers for the use cases, and
 * SDK credentials for the API.
 */
import { randomBytes } from 'node:crypto';
import type { Deps } from '../../src/platform/deps.ts';
import type { Caller, CallerRole } from '../../src/platform/http/caller.ts';
import type { PartnerType } from '../../src/platform/db/schema.ts';
import { createCustomerAccount, issueAccessKey } from '../../src/modules/identity/index.ts';
import { createPartnerAccount } from '../../src/modules/partners/index.ts';
import { recordTopUp } from '../../src/modules/funds/index.ts';
import { findBalances, balanceOf, BalanceType } from '../../src/modules/ledger/index.ts';
import type { Credentials } from '../support/sdk.ts';
import { formatAmount } from '../../src/platform/money.ts';

export interface Actor {
  id: string;
  name: string;
  role: CallerRole;
  partnerType: PartnerType | null;
  parentId: string | null;
  creds?: Credentials;
}

export interface World {
  /** Tier-1 distributor, its tier-2 reseller, a solution provider. */
  distributor: Actor;
  reseller: Actor;
  provider: Actor;
  /** Another tier-1 and its tier-2: foreign to everyone above. */
  otherDistributor: Actor;
  otherReseller: Actor;
  /** Resale customers of the distributor, the reseller, the provider and the other distributor. */
  customer: Actor;
  customer2: Actor;
  resellerCustomer: Actor;
  providerCustomer: Actor;
  foreignCustomer: Actor;
  /** A referral (consulting-sale) customer of the distributor. */
  referralCustomer: Actor;
}

let counter = 0;
const uniqueName = (tag: string) => `f-${tag}-${process.pid}-${++counter}-${randomBytes(2).toString('hex')}`.slice(0, 32);

async function partner(deps: Deps, tag: string, type: PartnerType, parentId: string | null, keys: boolean): Promise<Actor> {
  const p = await createPartnerAccount(deps, { name: uniqueName(tag), partnerType: type, parentId });
  const actor: Actor = { id: p.id, name: p.name, role: type, partnerType: type, parentId };
  if (keys) actor.creds = await credsFor(deps, p.id);
  return actor;
}

async function customer(deps: Deps, tag: string, partnerId: string, type: 1 | 2, keys: boolean): Promise<Actor> {
  const c = await createCustomerAccount(deps, { name: uniqueName(tag), partnerId, associationType: type });
  const actor: Actor = { id: c.id, name: c.name, role: 'customer', partnerType: null, parentId: null };
  if (keys) actor.creds = await credsFor(deps, c.id);
  return actor;
}

async function credsFor(deps: Deps, accountId: string): Promise<Credentials> {
  const k = await issueAccessKey(deps, { accountId });
  return { access: k.access, secret: k.secret, domainId: accountId };
}

/** A fresh tree of accounts. `keys` issues access keys (for API tests); use cases need none. */
export async function createWorld(deps: Deps, options: { keys?: boolean } = {}): Promise<World> {
  const keys = options.keys ?? false;
  const distributor = await partner(deps, 'dist', 'distributor', null, keys);
  const reseller = await partner(deps, 'resl', 'reseller', distributor.id, keys);
  const provider = await partner(deps, 'prov', 'solution_provider', null, keys);
  const otherDistributor = await partner(deps, 'odist', 'distributor', null, keys);
  const otherReseller = await partner(deps, 'oresl', 'reseller', otherDistributor.id, keys);
  return {
    distributor,
    reseller,
    provider,
    otherDistributor,
    otherReseller,
    customer: await customer(deps, 'cust', distributor.id, 2, keys),
    customer2: await customer(deps, 'cust2', distributor.id, 2, keys),
    resellerCustomer: await customer(deps, 'rcust', reseller.id, 2, keys),
    providerCustomer: await customer(deps, 'pcust', provider.id, 2, keys),
    foreignCustomer: await customer(deps, 'fcust', otherDistributor.id, 2, keys),
    referralCustomer: await customer(deps, 'refc', distributor.id, 1, keys),
  };
}

/** The caller a use case sees for an actor's root user. */
export function callerOf(a: Actor): Caller {
  return {
    accountId: a.id,
    accountName: a.name,
    userId: `user-${a.id}`,
    role: a.role,
    partnerType: a.partnerType,
    parentId: a.parentId,
    credential: 'aksk',
    delegatedBy: null,
  };
}

export async function topUp(deps: Deps, a: Actor, fen: bigint): Promise<void> {
  await recordTopUp(deps, { partnerId: a.id, amount: fen, createdBy: 'test' });
}

/** An owner's cash balance in fen. */
export async function cashOf(deps: Deps, ownerId: string): Promise<bigint> {
  const b = await findBalances(deps.db.kysely, [ownerId]);
  return balanceOf(b.get(ownerId), BalanceType.cash).balance;
}

/** Yuan as the wire carries it, from fen. */
export const yuan = (fen: bigint): number => formatAmount(fen);
