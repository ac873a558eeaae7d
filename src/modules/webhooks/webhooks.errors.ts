import { AppError } from '../../platform/errors.ts';
import { isPartnerCaller, type Caller } from '../../platform/http/caller.ts';

/** Errors of webhook subscriptions and deliveries (no partner-API operation names them). */

export const partnersOnly = () => new AppError('CBC.0151', 'access denied: webhooks are for partners');
export const urlRefused = (problem: string) => new AppError('PBSS.3101', `url ${problem}`);
export const invalidEventTypes = (why: string) => new AppError('CBC.0100', `invalid parameter: event_types ${why}`);
// A foreign subscription or delivery answers exactly like a missing one.
export const subscriptionNotFound = (id: string) => new AppError('PBSS.0404', `no webhook subscription ${id}`);
export const deliveryNotFound = (id: string) => new AppError('PBSS.0404', `no webhook delivery ${id}`);
export const deliveryInProgress = (id: string) => new AppError('PBSS.0409', `webhook delivery ${id} is still being attempted; replay it once it succeeded or failed`);
export const subscriptionGone = (id: string) => new AppError('PBSS.0409', `the subscription of webhook delivery ${id} was deleted`);

/** The partner account whose webhooks the caller manages (a partner's staff act for their partner). */
export function partnerOf(caller: Caller): string {
  if (!isPartnerCaller(caller)) throw partnersOnly();
  return caller.accountId;
}
