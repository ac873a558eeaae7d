import { Type } from '@sinclair/typebox';

/** Request and response schemas of the association routes (they also make the OpenAPI document). */

export const Action = Type.Union([Type.Literal('unbind'), Type.Literal('switch')], {
  description: 'unbind: end the association with the partner; switch: resale (2) to referral (1) or back',
});
const Status = Type.Union([Type.Literal('pending'), Type.Literal('completed'), Type.Literal('declined'), Type.Literal('cancelled'), Type.Literal('expired')]);
const Side = Type.Union([Type.Literal('customer'), Type.Literal('partner'), Type.Literal('operator')]);
const Id = Type.String({ maxLength: 64 });
const Indirect = Type.Optional(Type.String({ maxLength: 64, description: "A tier-1 acting for one of its tier-2 resellers' customers names the reseller" }));
const Note = Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()]));
const Page = { offset: Type.Optional(Type.Integer({ minimum: 0 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) };

export const IdParams = Type.Object({ id: Id });
export const PartnerRequestBody = Type.Object({ customer_id: Id, action: Action, reason: Note, indirect_partner_id: Indirect }, { additionalProperties: false });
export const PartnerPreviewBody = Type.Object({ customer_id: Id, action: Action, indirect_partner_id: Indirect }, { additionalProperties: false });
export const PartnerDecisionBody = Type.Object({ note: Note, indirect_partner_id: Indirect }, { additionalProperties: false });
export const PartnerQuery = Type.Object(
  { customer_id: Type.Optional(Id), status: Type.Optional(Status), initiator: Type.Optional(Side), indirect_partner_id: Indirect, ...Page },
  { additionalProperties: false },
);
export const PartnerOneQuery = Type.Object({ indirect_partner_id: Indirect }, { additionalProperties: false });
export const OwnRequestBody = Type.Object({ action: Action, reason: Note }, { additionalProperties: false });
export const OwnPreviewBody = Type.Object({ action: Action }, { additionalProperties: false });
export const NoteBody = Type.Object({ note: Note }, { additionalProperties: false });
export const ConfirmBody = Type.Object(
  { verification_code: Type.Optional(Type.String({ pattern: '^[0-9]{6}$', description: 'The code sent to the customer\'s mobile number (when the request requires one)' })) },
  { additionalProperties: false },
);
export const OwnQuery = Type.Object({ status: Type.Optional(Status), initiator: Type.Optional(Side), ...Page }, { additionalProperties: false });
export const OperatorQuery = Type.Object(
  { customer_id: Type.Optional(Id), partner_id: Type.Optional(Id), status: Type.Optional(Status), initiator: Type.Optional(Side), ...Page },
  { additionalProperties: false },
);

export const RequestSchema = Type.Object(
  {
    id: Type.String(),
    customer_id: Type.String(),
    partner_id: Type.String(),
    action: Action,
    from_association_type: Type.Integer(),
    to_association_type: Type.Union([Type.Integer(), Type.Null()]),
    initiator: Side,
    initiated_by: Type.String(),
    reason: Type.Union([Type.String(), Type.Null()]),
    status: Status,
    requires_verification_code: Type.Boolean(),
    requested_at: Type.String(),
    expires_at: Type.String(),
    decided_at: Type.Union([Type.String(), Type.Null()]),
    decided_by: Type.Union([Type.String(), Type.Null()]),
    decision_note: Type.Union([Type.String(), Type.Null()]),
    outcome: Type.Union([
      Type.Object({
        trans_id: Type.Union([Type.String(), Type.Null()], { description: 'The SOURCE_OPERATION_BEUNBIND movement in the partner\'s records' }),
        reclaimed_amount: Type.Number(),
        reclaimed_coupons: Type.Array(Type.Object({ coupon_id: Type.String(), amount: Type.Number() })),
      }),
      Type.Null(),
    ]),
  },
  { title: 'AssociationRequest' },
);
export const RequestList = Type.Object({ count: Type.Integer(), requests: Type.Array(RequestSchema) });

const BlockerSchema = Type.Object({ kind: Type.String(), detail: Type.String(), ids: Type.Optional(Type.Array(Type.String())) });
export const PreviewSchema = Type.Object(
  {
    customer_id: Type.String(),
    partner_id: Type.String(),
    action: Action,
    from_association_type: Type.Integer(),
    to_association_type: Type.Union([Type.Integer(), Type.Null()]),
    allowed: Type.Boolean(),
    open_request_id: Type.Union([Type.String(), Type.Null()]),
    window: Type.Union([Type.Object({ rule: Type.String(), allowed_from: Type.String() }), Type.Null()]),
    blockers: Type.Array(BlockerSchema),
    reclaim_amount: Type.Number({ description: 'Partner-funded balance that would return to the partner' }),
    requires_verification_code: Type.Boolean(),
  },
  { title: 'AssociationPreview' },
);
export const AssociationSchema = Type.Object(
  {
    customer_id: Type.String(),
    current: Type.Union([Type.Object({ partner_id: Type.String(), partner_name: Type.String(), association_type: Type.Integer(), associated_on: Type.String() }), Type.Null()]),
    open_request: Type.Union([RequestSchema, Type.Null()]),
    history: Type.Array(
      Type.Object({ partner_id: Type.String(), association_type: Type.Integer(), started_at: Type.String(), ended_at: Type.String(), end_reason: Action, request_id: Type.String() }),
    ),
  },
  { title: 'CustomerAssociation' },
);

/** Error bodies of these routes carry what refused the request beside error_code and error_msg. */
const ErrorBody = Type.Object({
  error_code: Type.String(),
  error_msg: Type.String(),
  request_id: Type.Optional(Type.String()),
  rule: Type.Optional(Type.String()),
  allowed_from: Type.Optional(Type.String()),
  blockers: Type.Optional(Type.Array(BlockerSchema)),
  open_request_id: Type.Optional(Type.String()),
});
export const Errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
