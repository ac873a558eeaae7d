import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { Deps } from '../../platform/deps.ts';
import type { Guards } from '../../platform/http/guards.ts';
import { createWebhookSubscription } from './create-webhook-subscription.ts';
import { deleteWebhookSubscription } from './delete-webhook-subscription.ts';
import { getWebhookDelivery, listWebhookDeliveries } from './list-webhook-deliveries.ts';
import { listWebhookSubscriptions } from './list-webhook-subscriptions.ts';
import { replayWebhookDelivery } from './replay-webhook-delivery.ts';
import {
  CreatedSubscription,
  CreateSubscriptionBody,
  DeliveryDetail,
  DeliveryList,
  DeliveryQuery,
  Errors,
  IdParams,
  SubscriptionList,
  TAGS,
} from './webhooks.schemas.ts';

/**
 * Partner plane of webhooks (an extension: no partner-API operation has them). Signed like the
 * partner API (AK/SK or token); partners and their staff only; every query is scoped to the caller's
 * partner account, and a foreign id answers like a missing one.
 */
export function registerWebhookRoutes(app: FastifyInstance, deps: Deps, guards: Guards): void {
  const pre = { preValidation: guards.anyCaller };
  const base = '/partner/v1/webhooks';

  app.post<{ Body: Static<typeof CreateSubscriptionBody> }>(
    `${base}/subscriptions`,
    {
      schema: {
        tags: TAGS,
        operationId: 'create_webhook_subscription',
        summary: 'Subscribe to events (the signing secret is shown once)',
        description:
          'Events are POSTed as JSON {id, type, created_at, subject, data} with X-Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 over "<t>.<raw body>" keyed by the secret>. Any 2xx answer acknowledges; anything else (or no answer within 10 s) is retried with exponential backoff, 8 attempts in all.',
        body: CreateSubscriptionBody,
        response: { 201: CreatedSubscription, ...Errors },
      },
      ...pre,
    },
    async (request, reply) => reply.code(201).send(await createWebhookSubscription(deps, request.caller!, request.body)),
  );
  app.get(
    `${base}/subscriptions`,
    { schema: { tags: TAGS, operationId: 'list_webhook_subscriptions', summary: "The partner's active subscriptions", response: { 200: SubscriptionList, ...Errors } }, ...pre },
    async (request) => listWebhookSubscriptions(deps, request.caller!),
  );
  app.delete<{ Params: Static<typeof IdParams> }>(
    `${base}/subscriptions/:id`,
    { schema: { tags: TAGS, operationId: 'delete_webhook_subscription', summary: 'Delete a subscription (pending deliveries stop; the log stays)', params: IdParams, response: { 204: { type: 'null' }, ...Errors } }, ...pre },
    async (request, reply) => {
      await deleteWebhookSubscription(deps, request.caller!, request.params.id);
      return reply.code(204).send();
    },
  );
  app.get<{ Querystring: Static<typeof DeliveryQuery> }>(
    `${base}/deliveries`,
    { schema: { tags: TAGS, operationId: 'list_webhook_deliveries', summary: 'The delivery log, newest first', querystring: DeliveryQuery, response: { 200: DeliveryList, ...Errors } }, ...pre },
    async (request) => listWebhookDeliveries(deps, request.caller!, request.query),
  );
  app.get<{ Params: Static<typeof IdParams> }>(
    `${base}/deliveries/:id`,
    { schema: { tags: TAGS, operationId: 'show_webhook_delivery', summary: 'One delivery with every attempt', params: IdParams, response: { 200: DeliveryDetail, ...Errors } }, ...pre },
    async (request) => getWebhookDelivery(deps, request.caller!, request.params.id),
  );
  app.post<{ Params: Static<typeof IdParams> }>(
    `${base}/deliveries/:id/replay`,
    {
      schema: {
        tags: TAGS,
        operationId: 'replay_webhook_delivery',
        summary: 'Send a delivery again (succeeded or failed; 409 while it is still being attempted)',
        params: IdParams,
        response: { 202: DeliveryDetail, ...Errors },
      },
      ...pre,
    },
    async (request, reply) => reply.code(202).send(await replayWebhookDelivery(deps, request.caller!, request.params.id)),
  );
}
