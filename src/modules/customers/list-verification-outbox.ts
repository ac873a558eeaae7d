import type { Deps } from '../../platform/deps.ts';
import { pageOf } from '../../platform/pagination.ts';
import { listOutbox } from '../../platform/outbox.ts';

export interface OutboxMessage {
  id: number;
  recipient: string;
  body: string;
  code: string;
  scene: number;
  expires_at: string;
  created_at: string;
}

/**
 * The verification codes the platform "sent" (written to the outbox), newest first: what a
 * sandbox user reads instead of an SMS. Optionally for one mobile number.
 */
export async function listVerificationOutbox(
  deps: Deps,
  q: { mobile_phone?: string; offset?: number; limit?: number },
): Promise<{ count: number; messages: OutboxMessage[] }> {
  const page = pageOf(q, 100, 20);
  const { count, messages } = await listOutbox(deps.db.kysely, { kind: 'verification_code', recipient: q.mobile_phone || undefined }, page);
  return {
    count,
    messages: messages.map((m) => ({
      id: m.id,
      recipient: m.recipient,
      body: m.body,
      code: String(m.payload.code ?? ''),
      scene: Number(m.payload.scene ?? 0),
      expires_at: String(m.payload.expires_at ?? ''),
      created_at: m.created_at,
    })),
  };
}
