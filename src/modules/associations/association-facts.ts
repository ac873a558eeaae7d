import type { AssociationAction } from '../../platform/db/schema.ts';
import { BalanceType, balanceOf, findBalances } from '../ledger/index.ts';
import type { CustomerRecord } from '../customers/index.ts';
import type { AssociationFacts } from './association-rules.ts';
import type { AssociationPorts } from './association-ports.ts';
import type { Conn } from './associations.repo.ts';

/** Reads what planning a change needs: the customer's state, the modules' blockers, its partner-funded balance. */
export async function gatherFacts(db: Conn, ports: AssociationPorts, customer: CustomerRecord, action: AssociationAction, at: string): Promise<AssociationFacts> {
  const [orderBlockers, arrears, balances] = await Promise.all([ports.findOrderBlockers(db, customer.id, at), ports.findArrears(db, customer.id), findBalances(db, [customer.id])]);
  const cash = balanceOf(balances.get(customer.id), BalanceType.cash);
  return {
    action,
    associationType: customer.association_type === 1 ? 1 : 2,
    frozen: customer.account_status === 'frozen',
    orderBlockers,
    arrears,
    partnerFunded: cash.balance - cash.designated,
  };
}
