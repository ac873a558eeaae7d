import { Type } from '@sinclair/typebox';
import { OperatorError } from '../../platform/http/operator-schemas.ts';

export const Errors = OperatorError;
export const TAGS = ['Partner: webhooks'];

export const Subscription = Type.Object(
  {
    id: Type.String(),
    url: Type.String(),
    event_types: Type.Array(Type.String()),
    description: Type.Union([Type.String(), Type.Null()]),
    created_at: Type.String(),
  },
  { title: 'WebhookSubscription' },
);

export const CreatedSubscription = Type.Composite(
  [Subscription, Type.Object({ secret: Type.String({ description: 'The HMAC-SHA256 key for X-Webhook-Signature. Shown only in this answer: store it now.' }) })],
  { title: 'CreatedWebhookSubscription' },
);

export const CreateSubscriptionBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2048, description: 'Where events are POSTed (https; plain http is accepted in sandbox mode)' }),
    event_types: Type.Array(Type.String({ minLength: 1, maxLength: 128 }), {
      minItems: 1,
      maxItems: 50,
      description: 'Event types, e.g. work_order.status_changed; a prefix such as work_order.*; or * for every event',
    }),
    description: Type.Optional(Type.String({ maxLength: 255 })),
  },
  { additionalProperties: false },
);

export const SubscriptionList = Type.Object({ subscriptions: Type.Array(Subscription) }, { title: 'WebhookSubscriptionList' });

export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

const Status = Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]);

export const Delivery = Type.Object(
  {
    id: Type.String(),
    subscription_id: Type.String(),
    event_id: Type.String(),
    event_type: Type.String(),
    status: Status,
    attempts: Type.Integer(),
    next_attempt_at: Type.Union([Type.String(), Type.Null()]),
    last_status_code: Type.Union([Type.Integer(), Type.Null()]),
    last_error: Type.Union([Type.String(), Type.Null()]),
    created_at: Type.String(),
    succeeded_at: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'WebhookDelivery' },
);

export const DeliveryDetail = Type.Composite(
  [
    Delivery,
    Type.Object({
      attempt_log: Type.Array(
        Type.Object({
          attempt: Type.Integer(),
          cause: Type.Union([Type.Literal('automatic'), Type.Literal('replay')]),
          started_at: Type.String(),
          duration_ms: Type.Integer(),
          status_code: Type.Union([Type.Integer(), Type.Null()]),
          error: Type.Union([Type.String(), Type.Null()]),
          succeeded: Type.Boolean(),
        }),
      ),
    }),
  ],
  { title: 'WebhookDeliveryDetail' },
);

export const DeliveryQuery = Type.Object(
  {
    subscription_id: Type.Optional(Type.String({ maxLength: 64 })),
    status: Type.Optional(Status),
    event_type: Type.Optional(Type.String({ maxLength: 128 })),
    offset: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);

export const DeliveryList = Type.Object({ total_count: Type.Integer(), deliveries: Type.Array(Delivery) }, { title: 'WebhookDeliveryList' });
