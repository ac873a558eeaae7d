import { Type, type Static } from '@sinclair/typebox';
import type { FastifySchemaValidationError } from 'fastify';
import { describeValidation } from '../../platform/http/error-handler.ts';
import { invalidParam } from './work-orders.errors.ts';

/**
 * The OSM wire models (huaweicloud-sdk-osm v2) as TypeBox schemas: they validate requests,
 * serialise responses (so internal columns never leak) and document the routes in /openapi.json.
 * Field names and lengths follow the SDK models and support.huaweicloud.com/api-ticket.
 */

export const TAGS = ['Work orders'];

/** Headers the OSM SDK sends on every call; X-Language picks zh-cn (default) or en-us names. */
export const OsmHeaders = Type.Object({
  'x-site': Type.Optional(Type.Integer({ minimum: 0, maximum: 1, description: '0 China site (default), 1 international' })),
  'x-language': Type.Optional(Type.String({ maxLength: 32, description: 'zh-cn (default) or en-us' })),
  'x-time-zone': Type.Optional(Type.String({ maxLength: 32, description: 'for query times without a zone, e.g. GMT+8 (default)' })),
});

export const ErrorBody = Type.Object({ error_code: Type.String(), error_msg: Type.String(), request_id: Type.Optional(Type.String()) }, { title: 'OsmErrorBody' });
export const ERRORS = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody };

/** Schema failures answer OSM.01010001 naming the field, like the other work-order errors. */
export const osmSchemaErrorFormatter = (errors: FastifySchemaValidationError[], dataVar: string) =>
  invalidParam(describeValidation(dataVar, errors[0]!));

export const Empty = Type.Object({}, { title: 'OsmEmptyResult' });

const Id = (max = 64) => Type.String({ minLength: 1, maxLength: max });
const Opt = <T extends Parameters<typeof Type.Optional>[0]>(t: T) => Type.Optional(t);

export const CaseIdParams = Type.Object({ case_id: Id(64) });
export const AccessoryIdParams = Type.Object({ accessory_id: Id(64) });
export const GroupQuery = Type.Object({ group_id: Opt(Type.String({ maxLength: 64 })) });

// --- cases ---

export const CreateCaseBody = Type.Object(
  {
    incident_sub_type_id: Opt(Id()),
    product_category_id: Opt(Id()),
    business_type_id: Id(),
    region_id: Opt(Id()),
    simple_description: Type.String({ minLength: 1, maxLength: 2000 }),
    source_id: Id(),
    is_authorized: Opt(Type.Integer({ minimum: 0, maximum: 1 })),
    authorization_content: Opt(Type.String({ maxLength: 2000 })),
    remind_mobile: Opt(Type.String({ maxLength: 32 })),
    remind_mail: Opt(Type.String({ maxLength: 128 })),
    remind_time: Opt(Type.String({ maxLength: 32 })),
    project_id: Opt(Type.String({ maxLength: 64 })),
    accessory_ids: Opt(Type.Array(Id(), { maxItems: 10 })),
    extends_map: Opt(Type.Record(Type.String(), Type.Unknown())),
    extension_map: Opt(Type.Record(Type.String(), Type.Unknown())),
    severity_id: Opt(Id()),
    verify_code: Opt(Type.String({ maxLength: 32, description: 'accepted and not checked: contact verification is not modelled' })),
    area_code: Opt(Type.String({ maxLength: 8 })),
  },
  { title: 'CreateOrderIncidentV2Req' },
);
export type CreateCaseBody = Static<typeof CreateCaseBody>;

export const CreateCaseResponse = Type.Object({ incident_id: Type.String() }, { title: 'CreateCasesResponse' });

export const ListCasesQuery = Type.Object({
  search_key: Opt(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 3, description: 'keywords of the description; several, or one with spaces' })),
  label_id_list: Opt(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 5 })),
  app_key: Opt(Type.String({ maxLength: 64, description: 'the case id, or words of the description' })),
  incident_id: Opt(Type.String({ maxLength: 64 })),
  query_start_time: Opt(Type.String({ maxLength: 32 })),
  query_end_time: Opt(Type.String({ maxLength: 32 })),
  status: Opt(Type.Integer({ minimum: 0, maximum: 30 })),
  incident_status: Opt(Type.String({ maxLength: 32, description: 'statuses separated by commas, e.g. 0,1,17 (the open queue)' })),
  x_customer_id: Opt(Type.String({ maxLength: 64 })),
  x_customer_name: Opt(Type.String({ maxLength: 64 })),
  group_id: Opt(Type.String({ maxLength: 64 })),
  offset: Opt(Type.Integer({ minimum: 0, maximum: 65535 })),
  limit: Opt(Type.Integer({ minimum: 0, maximum: 100 })),
});

const Label = Type.Object({ id: Type.Integer(), name: Type.String(), color: Type.String() });

const IncidentInfo = Type.Object(
  {
    xcustomer_id: Opt(Type.String()),
    xcustomer_name: Opt(Type.String()),
    status: Type.Integer({ description: '0 pending acceptance, 1 processing, 2 pending confirmation, 3 completed, 4 cancelled, 12 invalid, 17 pending feedback' }),
    incident_id: Type.String(),
    business_type_name: Type.String(),
    incident_type_name: Type.String(),
    customer_id: Type.String(),
    dc_name: Type.String(),
    simple_description: Type.String(),
    create_time: Type.String({ description: 'UTC yyyy-MM-ddTHH:mm:ssZ' }),
    label_list: Opt(Type.Array(Label)),
  },
  { title: 'IncidentInfoV2' },
);

export const ListCasesResponse = Type.Object({ total_count: Type.Integer(), incident_info_list: Type.Array(IncidentInfo) }, { title: 'ListCasesResponse' });

const SimpleAccessory = Type.Object({ accessory_id: Opt(Type.String()), file_actual_name: Opt(Type.String()) }, { title: 'SimpleAccessoryV2' });

const IncidentMessage = Type.Object(
  {
    type: Type.Integer({ description: '0 from the customer side, 1 from support' }),
    replier: Type.String(),
    content: Type.String(),
    message_id: Type.String(),
    replier_name: Type.String(),
    create_time: Type.String(),
    is_first_message: Type.Integer(),
    accessory_list: Type.Array(SimpleAccessory),
  },
  { title: 'IncidentMessageV2' },
);

export const Satisfaction = Type.Object(
  {
    value: Opt(Type.Integer()),
    satisfaction_id: Type.Integer(),
    satisfaction_value: Type.Integer(),
    satisfaction_name: Opt(Type.String()),
    per_value: Opt(Type.Integer()),
    sat_category_id: Opt(Type.String()),
    sat_category_name: Opt(Type.String()),
  },
  { title: 'IncidentSatisfactionV2Do' },
);

const IncidentDetail = Type.Object(
  {
    xcustomer_id: Opt(Type.String()),
    xcustomer_name: Opt(Type.String()),
    status: Type.Integer(),
    judgement: Type.String(),
    incident_id: Type.String(),
    business_type_name: Type.String(),
    incident_type_name: Type.String(),
    customer_id: Type.String(),
    dc_name: Type.String(),
    simple_description: Type.String(),
    source_name: Type.String(),
    create_time: Type.String(),
    message_list: Type.Array(IncidentMessage),
    incident_satisfaction: Type.Array(Satisfaction),
    is_authorized: Type.Integer(),
    severity_name: Opt(Type.String()),
    business_ownership: Type.Integer({ description: '0 the operator answers, 1 the partner answers' }),
    resolve_time: Opt(Type.Integer({ description: 'epoch milliseconds' })),
    ext_info: Type.Object(
      {
        area_code: Opt(Type.String()),
        remind_mobile: Opt(Type.String()),
        remind_mail: Opt(Type.String()),
        contact_type: Opt(Type.String()),
        remind_time: Opt(Type.String()),
        cc_email: Opt(Type.String()),
        commodity_id: Opt(Type.String()),
      },
      { title: 'IncidentDetailExtInfoV2' },
    ),
  },
  { title: 'IncidentDetailInfoV2' },
);

export const CaseDetailResponse = Type.Object({ incident_detail_info: IncidentDetail }, { title: 'ShowCaseDetailResponse' });
export const CaseStatusResponse = Type.Object({ status: Type.Integer() }, { title: 'ShowCaseStatusResponse' });

export const ActionQuery = Type.Object({
  action_id: Type.String({
    minLength: 1,
    maxLength: 64,
    description: 'submitter: cancel, close, press, delete; handler: accept, feedback, resolve, invalidate, transfer (a partner hands its case to the operator)',
  }),
});

const SatisfactionIn = Type.Object({
  satisfaction_id: Type.Integer(),
  satisfaction_value: Type.Integer(),
  value: Opt(Type.Integer()),
  satisfaction_name: Opt(Type.String()),
  per_value: Opt(Type.Integer()),
  sat_category_id: Opt(Type.String()),
  sat_category_name: Opt(Type.String()),
});

export const OperateBody = Type.Object(
  {
    judgement: Opt(Type.String({ maxLength: 2000 })),
    operate_desc: Opt(Type.String({ maxLength: 400 })),
    group_id: Opt(Type.String({ maxLength: 64 })),
    incident_satisfaction_list: Opt(Type.Array(SatisfactionIn, { maxItems: 10 })),
  },
  { title: 'WorkOrderOperateV2Req' },
);
export type OperateBody = Static<typeof OperateBody>;

// --- messages and scores ---

export const CreateMessageBody = Type.Object(
  {
    message: Type.Object(
      {
        content: Type.String({ minLength: 1, maxLength: 5000 }),
        is_authorized: Opt(Type.Integer({ minimum: 0, maximum: 1 })),
        authorization_content: Opt(Type.String({ maxLength: 2000 })),
        accessory_ids: Opt(Type.Array(Id(), { maxItems: 10 })),
      },
      { title: 'CreateMessageDoV2' },
    ),
    group_id: Opt(Type.String({ maxLength: 64 })),
  },
  { title: 'CreateMessageV2Req' },
);
export type CreateMessageBody = Static<typeof CreateMessageBody>;

export const PageQuery = Type.Object({
  group_id: Opt(Type.String({ maxLength: 64 })),
  offset: Opt(Type.Integer({ minimum: 0, maximum: 65535 })),
  limit: Opt(Type.Integer({ minimum: 0, maximum: 100 })),
});

const MessageInfo = Type.Object(
  {
    type: Type.Integer(),
    replier_type: Type.Integer({ description: '0 customer, 1 the operator, 2 a partner (third party)' }),
    replier: Type.String(),
    content: Type.String(),
    create_time: Type.String(),
    replier_name: Type.String(),
    is_first_message: Type.Integer(),
    accessory_list: Type.Array(SimpleAccessory),
  },
  { title: 'QueryMessageInfoV2' },
);
export const ListMessagesResponse = Type.Object({ count: Type.Integer(), message_list: Type.Array(MessageInfo) }, { title: 'ListMessagesResponse' });

export const ScoreBody = Type.Object(
  {
    judgement: Type.String({ maxLength: 2000 }),
    incident_satisfaction_list: Type.Array(SatisfactionIn, { minItems: 1, maxItems: 10 }),
    group_id: Opt(Type.String({ maxLength: 64 })),
  },
  { title: 'CreateScoreV2Req' },
);
export type ScoreBody = Static<typeof ScoreBody>;
