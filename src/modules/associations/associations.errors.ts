import { AppError } from '../../platform/errors.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import type { Blocker, WindowRefusal } from './association-rules.ts';

/** Errors of association changes. Huawei's console does these; its codes are not published, so ours are PBSS.20xx. */

const WINDOW_CODES = { customer_once: 'PBSS.2001', partner_after_customer: 'PBSS.2002', partner_once: 'PBSS.2003' } as const;
const WINDOW_TEXT = {
  customer_once: 'a customer may ask to unbind or switch at most once in three months',
  partner_after_customer: "the customer asked to unbind or switch less than three months ago: its partner may ask only three months after the customer's request",
  partner_once: 'a partner may ask to unbind or switch the same customer at most once in three months',
} as const;

export const windowRefused = (r: WindowRefusal) =>
  new AppError(WINDOW_CODES[r.rule], `${WINDOW_TEXT[r.rule]}; allowed from ${huaweiUtc(r.allowedFrom)}`, { rule: r.rule, allowed_from: huaweiUtc(r.allowedFrom) });

export const blocked = (blockers: readonly Blocker[]) =>
  new AppError('PBSS.2004', `the association cannot change yet: ${blockers.map((b) => b.detail).join('; ')}`, {
    blockers: blockers.map((b) => ({ kind: b.kind, detail: b.detail, ...(b.ids ? { ids: b.ids } : {}) })),
  });

export const requestOpen = (id: string) => new AppError('PBSS.2005', `the customer already has an open association request (${id}): it must be decided, cancelled or expire first`, { open_request_id: id });
export const notPending = (id: string, status: string) => new AppError('PBSS.2006', `association request ${id} is ${status}, no longer pending`);
export const associationChanged = (id: string) => new AppError('PBSS.2006', `the customer's association changed since request ${id} was made`);
export const notAssociated = () => new AppError('PBSS.2007', 'the customer is not associated with a partner');
export const requestNotFound = (id: string) => new AppError('PBSS.0404', `no association request ${id}`);
export const customerNotFound = (id: string) => new AppError('PBSS.0404', `no customer ${id}`);
export const notYourTurn = (why: string) => new AppError('CBC.0151', `access denied: ${why}`);
export const codeRequired = () => new AppError('CBC.0100', 'invalid parameter: verification_code is required (the code sent to the customer\'s mobile number)');
export const noCodeToSend = () => new AppError('PBSS.0409', 'this request needs no verification code: the customer has no mobile number, or did not make the request');
