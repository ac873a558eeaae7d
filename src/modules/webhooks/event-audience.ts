import type { Conn } from './webhooks.repo.ts';

export interface OutboxEvent {
  id: number;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
  created_at: string;
}

const idOf = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/**
 * The partner accounts an event concerns, who alone may receive it: the partners the payload names
 * (`partner_id`, `tier1_id`; `customer_id` too when that account is a partner, as for a partner's own
 * work order), or for an event about a customer that names none, the customer's partner at fan-out
 * time. A tier-2 reseller's tier-1 distributor hears what its reseller hears.
 */
export async function audienceOf(db: Conn, event: OutboxEvent): Promise<string[]> {
  const named = [idOf(event.payload.partner_id), idOf(event.payload.tier1_id), idOf(event.payload.customer_id)].filter((x): x is string => x !== null);
  if (event.aggregate_type === 'customer' && !idOf(event.payload.partner_id)) {
    const customer = await db.selectFrom('customers').select('partner_id').where('id', '=', event.aggregate_id).executeTakeFirst();
    if (customer) named.push(customer.partner_id);
  }
  if (named.length === 0) return [];
  const accounts = await db.selectFrom('accounts').select(['id', 'kind', 'parent_id']).where('id', 'in', [...new Set(named)]).execute();
  const partners = new Set<string>();
  for (const a of accounts) {
    if (a.kind !== 'partner') continue;
    partners.add(a.id);
    if (a.parent_id) partners.add(a.parent_id);
  }
  return [...partners].sort();
}

/** Whether a subscription's event types select an event: exact names, `prefix.*`, or `*`. */
export function selects(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}

export const EVENT_TYPE_RE = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;
