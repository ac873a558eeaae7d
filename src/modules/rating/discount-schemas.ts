import { Type } from '@sinclair/typebox';

/** Schemas of the discount routes (partner and operator planes), shared so the OpenAPI names them once. */
const grantFields = {
  discount_ratio: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Share of the official price paid, at most 4 decimals: 0.85 = 15% off' }),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  service_type_code: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Limit to one service type (default: every service)' })),
  resource_type_code: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Limit to one resource type of that service' })),
  charge_mode: Type.Optional(Type.Union([Type.Literal('ALL'), Type.Literal('PERIOD'), Type.Literal('ON_DEMAND')], { description: 'Default ALL' })),
  effective_time: Type.Optional(Type.String({ maxLength: 32, description: 'UTC yyyy-MM-ddTHH:mm:ssZ; default now' })),
  expire_time: Type.Optional(Type.String({ maxLength: 32, description: 'UTC yyyy-MM-ddTHH:mm:ssZ; default never' })),
};

export const PartnerGrant = Type.Object({ customer_id: Type.String({ minLength: 1, maxLength: 64 }), ...grantFields }, { additionalProperties: false, title: 'PartnerDiscountGrant' });
export const PartnerGrantBody = Type.Object({ discounts: Type.Array(PartnerGrant, { minItems: 1, maxItems: 100 }) }, { additionalProperties: false, title: 'PartnerDiscountsReq' });

export const OperatorGrant = Type.Object(
  {
    discount_type: Type.Union([Type.Literal(605), Type.Literal(606)], { description: '605 business discount (customer_id); 606 channel discount (partner_id: its customers and its resellers\' customers)' }),
    customer_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    partner_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    ...grantFields,
  },
  { additionalProperties: false, title: 'OperatorDiscountGrant' },
);
export const OperatorGrantBody = Type.Object({ discounts: Type.Array(OperatorGrant, { minItems: 1, maxItems: 100 }) }, { additionalProperties: false, title: 'OperatorDiscountsReq' });

export const DiscountView = Type.Object(
  {
    discount_id: Type.String(),
    discount_type: Type.Integer({ description: '605 business, 606 channel business, 607 partner-set' }),
    name: Type.String(),
    customer_id: Type.Union([Type.String(), Type.Null()]),
    partner_id: Type.Union([Type.String(), Type.Null()]),
    granted_by: Type.String(),
    service_type_code: Type.Union([Type.String(), Type.Null()]),
    resource_type_code: Type.Union([Type.String(), Type.Null()]),
    charge_mode: Type.String(),
    discount_ratio: Type.Number(),
    effective_time: Type.String(),
    expire_time: Type.Union([Type.String(), Type.Null()]),
    status: Type.String(),
    created_at: Type.String(),
  },
  { title: 'Discount' },
);
export const DiscountList = Type.Object({ total_count: Type.Integer(), discounts: Type.Array(DiscountView) }, { title: 'DiscountList' });
export const DiscountGrantResult = Type.Object({ discounts: Type.Array(DiscountView) }, { title: 'DiscountGrantResult' });
export const DiscountIdParams = Type.Object({ discount_id: Type.String({ minLength: 1, maxLength: 64 }) });
