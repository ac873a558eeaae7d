/**
 * Webhooks: partners subscribe to the events other modules write to `outbox_events`; a fan-out job
 * turns each event into deliveries, and a delivery job POSTs each, signed, with retries and a log
 * the partner can read and replay.
 */
export { registerWebhookRoutes } from './webhooks.routes.ts';
export { WEBHOOK_JOBS } from './webhook-jobs.ts';
export { fanOutEvents } from './fan-out-events.ts';
export { deliverWebhook, webhookBody } from './deliver-webhook.ts';
export { signWebhook, verifyWebhookSignature, SIGNATURE_HEADER } from './webhook-signature.ts';
export { DELIVER_JOB, MAX_ATTEMPTS, backoffMs } from './webhook-policy.ts';
export { audienceOf, selects } from './event-audience.ts';
