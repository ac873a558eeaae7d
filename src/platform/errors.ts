/**
 * Typed error codes. Domain code throws AppError with a code; the HTTP edge maps the code to a
 * status through ERROR_STATUS (one table, checked exhaustively by the compiler) and renders the
 * partner API's `{error_code, error_msg}` body.
 */
export const ERROR_STATUS = {
  // Gateway-level
  'APIGW.0301': 401, // signature / AK-SK authentication failed, or AK locked
  'APIG.0201': 413, // request entity too large
  'IAM.0101': 401, // token request: wrong user name, domain or password
  'IAM.0102': 403, // token request: assume-role not permitted
  // Generic CBC codes (brief §2.2)
  'CBC.0100': 400, // parameter error
  'CBC.0101': 400, // invalid parameter
  'CBC.0150': 403, // illegal operation
  'CBC.0151': 403, // access denied (role)
  'CBC.0154': 401, // token invalid or expired
  'CBC.0155': 403, // request not allowed
  'CBC.0250': 429, // flow control
  'CBC.0999': 500, // other error
  'CBC.99000037': 400, // no permission on this indirect partner
  'CBC.99000035': 400, // not the partner's sub-customer
  'CBC.99005003': 400, // insufficient balance
  'CBC.99000084': 400, // not available to a partner's resale customers (customer income/expense records)
  'CBC.5021': 400, // referral (consulting-sale) customers cannot be funded or reclaimed
  // Customers: registration, verification codes, real-name verification (brief §5)
  'CBC.5017': 400, // customer mobile number format invalid
  'CBC.99000030': 400, // too many accounts registered with this mobile number
  'CBC.99000031': 400, // customer login name invalid
  'CBC.99000036': 400, // customer password invalid
  'CBC.99000038': 400, // customer login name already exists
  'CBC.99000039': 400, // xaccount_id already used
  'CBC.99004008': 400, // verification code expired
  'CBC.99004009': 400, // verification code failed more than 3 times
  'CBC.99004010': 400, // verification code wrong
  'CBC.99004015': 400, // verification codes sent too often to this number (15/hour, 60/day)
  'CBC.99000099': 400, // real-name attachment larger than allowed
  'CBC.99000100': 400, // real-name attachment format not allowed
  'CBC.99007004': 400, // a business pre-check failed
  'CBC.99007188': 400, // customer already verified, or verification in review
  'CBC.99007191': 400, // too many real-name applications for this customer (attempts exceeded)
  // Work orders (OSM, brief §10). Huawei documents these inside HTTP 200; 4xx here so SDKs raise them.
  'OSM.01010001': 400, // parameter validation failed (also: attachment missing, too large, wrong type)
  'OSM.01010002': 403, // no operation permission (role or side of the ticket)
  'OSM.01010004': 400, // urged too often, urge again later
  'OSM.01010005': 400, // attachments uploaded today exceed the daily limit
  'OSM.01010006': 400, // severity id does not exist
  'OSM.01010013': 400, // unknown action_id
  'OSM.01010015': 400, // case does not exist (or is not the caller's to see)
  // Catalog and rating (brief §6.10, §6.7: the price-inquiry status-code tables)
  'CBC.99006006': 400, // product not found (service, resource type, spec and region must all match)
  'CBC.99006050': 400, // usage measure unit error
  'CBC.99006055': 400, // inquiry result exceeds the maximum amount
  'CBC.99006074': 400, // usage factor does not exist
  'CBC.30050008': 400, // no such period type or number (per resource at 200 in renew-rate; chosen for subscribe-rate)
  'CBC.30050012': 400, // duplicate resource ids
  // Orders and subscriptions (brief §6)
  'CBC.30000010': 400, // invalid order (missing, or not the caller's to see)
  'CBC.99000089': 400, // use the combined order's id (组合交易)
  'CBC.99003106': 400, // the order's status changed (already paid, cancelled or lapsed)
  'CBC.99003108': 400, // the discount is not applicable to the order
  'CBC.99003110': 400, // past the order's payment deadline
  'CBC.99003116': 400, // the coupon may not be combined with the discount
  'CBC.99003117': 400, // the coupon's minimum discount ratio is violated
  'CBC.99003147': 400, // a discount coupon cannot be used together with vouchers or cash coupons
  'CBC.99003144': 400, // the resource has an order in progress
  'CBC.99005010': 400, // the order's status does not allow cancelling
  'CBC.99005026': 400, // not an unsubscribe (refund) order
  'CBC.30000052': 400, // the resource or the account is frozen
  'CBC.30000067': 400, // the resource was deleted or is not managed here
  'CBC.99003012': 400, // resource id not found
  'CBC.99003100': 400, // the resource is in an unpaid order
  'CBC.99003128': 400, // no renewed period that has not taken effect (unsubscribe type 2)
  'CBC.99003185': 400, // must be operated as a whole (a child resource goes with its main resource)
  'CBC.99003656': 400, // the resource is frozen
  'CBC.30010036': 400, // not a main resource
  'CBC.30010069': 400, // the product has no such renewal period
  'CBC.99000092': 400, // period validation failed
  'CBC.99003016': 400, // expired and deleted, or not found (renewal)
  'CBC.99003154': 400, // the total duration would exceed the maximum
  'CBC.99003602': 400, // auto-renew: the resource has expired or is frozen
  'CBC.99003605': 400, // auto-renew already cancelled
  'CBC.99003610': 400, // to on-demand: the resource is in its grace or retention period (per item at 200)
  'CBC.99003623': 400, // to on-demand: another transaction of the resource is in progress (per item at 200)
  // Coupons and coupon quotas (brief §4). Codes Huawei lists at HTTP 200 appear per item inside
  // error_details of a batch answer; thrown on their own they answer 400.
  'CBC.99000000': 400, // no permission on this customer (its account is frozen)
  'CBC.99000012': 400, // coupon quota missing, or its status does not allow the operation
  'CBC.99000013': 400, // coupon quota insufficient
  'CBC.99000014': 400, // coupons cannot be issued to a customer of this association type (referral)
  'CBC.99000017': 400, // coupon quota not yet effective, or expired
  'CBC.99000018': 400, // face value below the quota's minimum
  'CBC.99000019': 400, // face value above the quota's maximum
  'CBC.99000020': 400, // too many coupons from this quota for the customer
  'CBC.99000021': 400, // total face value from this quota for the customer exceeds the limit
  'CBC.99000023': 400, // the coupon's service types or products exceed the quota's limits
  'CBC.99000025': 400, // a partner cannot issue coupons to itself
  'CBC.50000020': 400, // the quota is designated for other customers
  'CBC.50000021': 400, // the quota is designated for customers who are not the tier-2's
  'CBC.50000054': 400, // product does not exist
  'CBC.50000055': 400, // cloud service type does not exist
  'CBC.99003112': 400, // the coupon or card cannot be used (used, expired, reclaimed, held by another order, not applicable)
  // Platform codes for things the Huawei contract does not name
  'PBSS.0404': 404, // no such route
  'PBSS.0409': 409, // conflict (operator plane; a work order's status does not allow the action)
  'PBSS.0410': 410, // gone: a single-use link already used or expired
  'PBSS.0422': 422, // X-Idempotency-Key reused with a different request
  'PBSS.0415': 415, // unsupported media type
  'PBSS.0501': 501, // operation of the contract not implemented yet
  'PBSS.0403': 403, // operation not available in this mode (e.g. clock control in production)
  'PBSS.0400': 400, // operator-plane validation error
  'PBSS.1001': 400, // a spec change that is not an upgrade (rating; no partner-API operation names one)
  // Association changes (unbinding, switching type; brief §5.5): no partner-API operation names them.
  'PBSS.2001': 400, // a customer may ask to change its association at most once in three months
  'PBSS.2002': 400, // the partner must wait three months after the customer's own request
  'PBSS.2003': 400, // a partner may unbind or switch the same customer at most once in three months
  'PBSS.2004': 400, // blockers stand in the way (pending orders, unexpired reserved instances, arrears, a frozen account)
  'PBSS.2005': 409, // the customer already has an open association request
  'PBSS.2006': 409, // the association request is no longer pending (completed, declined, cancelled or expired)
  'PBSS.2007': 400, // the customer is not associated with a partner (already unbound)
  'PBSS.2101': 400, // a customer keeps at most 10 postal addresses
  // SSO from partner platforms (SAML 2.0) and webhooks (issue 10): no partner-API operation names them.
  'PBSS.3001': 400, // IdP metadata refused (too large, a DTD or entities, not SAML 2.0 IdP metadata, no signing certificate or redirect endpoint)
  'PBSS.3002': 401, // SAML response refused (signature, audience, recipient, issuer, InResponseTo, validity window, replay)
  'PBSS.3003': 404, // no SSO access configuration for this platform identifier
  'PBSS.3004': 409, // the account is already bound to another user of the partner platform, or the platform user to another account
  'PBSS.3101': 400, // webhook URL not allowed (scheme, credentials, or plain http in production)
  // Usage ingestion (issue 8): per-record rejection codes (a batch answers 200 with its rejections).
  'PBSS.4001': 409, // a usage record id already ingested from this source with other content
  'PBSS.4002': 400, // a usage record outside the late window (or in the future, or its month already closed)
  'PBSS.4003': 400, // a usage record of an unknown customer
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra fields rendered beside error_code/error_msg (e.g. a partial result). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${String(value)}`);
}
