import type { UserStoredValueCard } from '../../contract/generated/models.ts';
import { formatAmountText } from '../../platform/money.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import type { CardRow } from './benefits.repo.ts';

/** A card as list_stored_value_cards answers it: status 1 usable, 2 used up; amounts as text. */
export function wireCard(c: CardRow): UserStoredValueCard {
  return {
    card_id: c.id,
    card_name: c.cardName,
    status: c.balance > 0n ? 1 : 2,
    face_value: formatAmountText(c.faceValue),
    balance: formatAmountText(c.balance),
    effective_time: huaweiUtc(c.effectiveTime),
    expire_time: huaweiUtc(c.expireTime),
  };
}

/** The operator plane's view: the wire view plus the holder and what an order holds of it. */
export function cardView(c: CardRow) {
  return { ...wireCard(c), customer_id: c.customerId, frozen_amount: formatAmountText(c.frozen), lock_order_id: c.lockOrderId, create_time: huaweiUtc(c.createdAt) };
}
export type CardView = ReturnType<typeof cardView>;
