import type { Static } from '@sinclair/typebox';
import type { UnsubscribeResourcesReq } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { formatAmount } from '../../platform/money.ts';
import { findAccountById } from '../identity/index.ts';
import { accountFrozen, noRenewedPeriod } from './orders.errors.ts';
import type { UnsubscribePreviewResponse } from './order-schemas.ts';
import type { RefundRules } from './plan-refund.ts';
import { isLive } from './provision.ts';
import { findChildren, findResources } from './resources.repo.ts';
import { checkUnsubscribeRequest, leavable, planResourceRefund } from './unsubscribe-resources.ts';

/** The answer's schema (order-schemas.ts) is the contract. */
export type UnsubscribePreview = Static<typeof UnsubscribePreviewResponse>;

/**
 * What cancel_resources_subscription would refund now, with the same checks and the same plan
 * (plan-refund.ts), and nothing changed: the plan that the unsubscribe executes doubles as its
 * preview (house style: plan, then execute). The answer sums every named main resource with its
 * children; amounts in yuan, as the wire has them.
 */
export async function previewUnsubscribe(deps: Pick<Deps, 'db' | 'clock'>, caller: Caller, body: UnsubscribeResourcesReq, rules?: RefundRules): Promise<UnsubscribePreview> {
  const req = checkUnsubscribeRequest(body);
  const now = deps.clock.now();
  return deps.db.kysely.transaction().execute(async (trx) => {
    const account = await findAccountById(trx, caller.accountId);
    if (account?.status === 'frozen') throw accountFrozen(caller.accountId);
    const found = new Map((await findResources(trx, caller.accountId, req.ids)).map((r) => [r.id, r]));
    const total = { cash: 0n, credit: 0n, coupon: 0n, consumed: 0n, fee: 0n, noReason: false, resources: 0 };
    for (const main of req.ids.map((id) => leavable(id, found.get(id)))) {
      const children = (await findChildren(trx, [main.id])).filter(isLive);
      const { plan } = await planResourceRefund(trx, req.type === 1 ? 'unsubscribe' : 'renewals_only', main, children, now, rules);
      if (req.type === 2 && plan.periods.length === 0) throw noRenewedPeriod(main.id);
      total.cash += plan.cash;
      total.credit += plan.credit;
      total.coupon += plan.coupon;
      total.consumed += plan.consumed;
      total.fee += plan.fee;
      total.noReason ||= plan.noReason;
      total.resources += 1 + children.length;
    }
    return {
      refund_amount: formatAmount(total.cash + total.credit),
      cash_amount: formatAmount(total.cash),
      credit_amount: formatAmount(total.credit),
      coupon_amount: formatAmount(total.coupon),
      consumed_amount: formatAmount(total.consumed),
      fee_amount: formatAmount(total.fee),
      no_reason_refund: total.noReason ? 'yes' : 'no',
      resource_count: total.resources,
    };
  });
}
