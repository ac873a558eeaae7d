import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Fen } from '../../platform/money.ts';
import { reclaimCustomerCoupons } from '../coupons/index.ts';
import { findOrderBlockers } from '../orders/index.ts';
import { BalanceType, balanceOf, findBalances } from '../ledger/index.ts';
import { findUsageArrears } from '../usage/index.ts';
import type { Blocker } from './association-rules.ts';
import type { Conn } from './associations.repo.ts';

/**
 * What an association change needs from other modules, as a port: the orders module's blockers,
 * what the customer owes, and the coupons module's automatic reclaim. DEFAULT_PORTS wires the
 * modules as they are; tests and future modules may pass their own.
 */
export interface AssociationPorts {
  /** Orders awaiting payment and unexpired reserved instances of the customer, at business time `at`. */
  findOrderBlockers(db: Conn, customerId: string, at: string): Promise<Blocker[]>;
  /** What the customer owes, in fen (resale customers must have it written off first). */
  findArrears(db: Conn, customerId: string): Promise<Fen>;
  /**
   * Takes back the customer's usable partner-issued coupons in the caller's transaction (partner
   * records 3 on unbinding, 8 on a switch). Coupons an unpaid order holds are left and listed in `held`.
   */
  reclaimCoupons(
    trx: Transaction<DB>,
    input: { customerId: string; reason: 'unbind' | 'association_switch'; at: string; initiatorId: string },
  ): Promise<{ reclaimed: Array<{ couponId: string; amount: Fen }>; held: string[] }>;
}

/**
 * What the customer owes: usage debt its balances could not cover (the usage module's arrears),
 * plus any cash or credit balance below zero (none today: customers' ledger accounts may not go
 * below zero).
 */
export const arrearsFromLedger: AssociationPorts['findArrears'] = async (db, customerId) => {
  const balances = (await findBalances(db, [customerId])).get(customerId);
  const owed = (type: 1 | 2) => {
    const b = balanceOf(balances, type).balance;
    return b < 0n ? -b : 0n;
  };
  return (await findUsageArrears(db, customerId)) + owed(BalanceType.cash) + owed(BalanceType.credit);
};

/**
 * The modules as they are: orders answers its orders awaiting payment (it has no reserved
 * instances), coupons takes coupons back, and arrears come from the ledger (above).
 */
export const DEFAULT_PORTS: AssociationPorts = {
  findOrderBlockers,
  findArrears: arrearsFromLedger,
  reclaimCoupons: reclaimCustomerCoupons,
};
