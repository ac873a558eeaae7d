import { call, seg } from './client.ts';

/** Work orders (tickets): the OSM v2 API under /v2/servicerequest (docs/work-orders.md). */

const BASE = '/v2/servicerequest';

/** The configuration lists come in the console's language. */
export type OsmLanguage = 'zh-cn' | 'en-us';
const lang = (l: OsmLanguage) => ({ 'X-Language': l });

export interface TicketSummary {
  incident_id: string;
  status: number;
  business_type_name: string;
  incident_type_name: string;
  customer_id: string;
  xcustomer_id?: string;
  xcustomer_name?: string;
  simple_description: string;
  create_time: string;
  dc_name: string;
}

export interface TicketAttachment {
  accessory_id?: string;
  file_actual_name?: string;
}

export interface TicketMessage {
  type: number;
  replier_type: number;
  replier: string;
  replier_name: string;
  content: string;
  create_time: string;
  is_first_message: number;
  accessory_list: TicketAttachment[];
}

export interface TicketDetail {
  incident_id: string;
  status: number;
  judgement: string;
  business_type_name: string;
  incident_type_name: string;
  customer_id: string;
  xcustomer_name?: string;
  simple_description: string;
  source_name: string;
  create_time: string;
  severity_name?: string;
  business_ownership: number;
  dc_name: string;
  incident_satisfaction: { satisfaction_id: number; satisfaction_value: number; satisfaction_name?: string }[];
}

export interface TicketQuery {
  incident_status?: string;
  app_key?: string;
  x_customer_id?: string;
  offset: number;
  limit: number;
}

export const listTickets = (q: TicketQuery, l: OsmLanguage) =>
  call<{ total_count: number; incident_info_list: TicketSummary[] }>('GET', `${BASE}/cases`, { query: { ...q }, headers: lang(l) });

export const showTicket = (id: string, l: OsmLanguage) =>
  call<{ incident_detail_info: TicketDetail }>('GET', `${BASE}/cases/${seg(id)}`, { headers: lang(l) });

export const listTicketMessages = (id: string, q: { offset: number; limit: number }) =>
  call<{ count: number; message_list: TicketMessage[] }>('GET', `${BASE}/cases/${seg(id)}/messages`, { query: { ...q } });

export interface NewTicket {
  product_category_id: string;
  business_type_id: string;
  severity_id?: string;
  region_id?: string;
  simple_description: string;
  source_id: string;
  accessory_ids?: string[];
  extends_map?: Record<string, string>;
  remind_mobile?: string;
}

export const createTicket = (body: NewTicket) => call<{ incident_id: string }>('POST', `${BASE}/cases`, { body });

export const postTicketMessage = (id: string, content: string, accessoryIds: string[]) =>
  call<unknown>('POST', `${BASE}/cases/${seg(id)}/message`, { body: { message: { content, ...(accessoryIds.length ? { accessory_ids: accessoryIds } : {}) } } });

/** Submitter: cancel, close, press; handler: accept, feedback, resolve, invalidate, transfer. */
export type TicketAction = 'cancel' | 'close' | 'press' | 'delete' | 'accept' | 'feedback' | 'resolve' | 'invalidate' | 'transfer';

export const actOnTicket = (id: string, action: TicketAction, body: { operate_desc?: string } = {}) =>
  call<unknown>('POST', `${BASE}/cases/${seg(id)}/action`, { query: { action_id: action }, body });

export const rateTicket = (id: string, judgement: string, scores: { satisfaction_id: number; satisfaction_value: number }[]) =>
  call<unknown>('POST', `${BASE}/cases/${seg(id)}/score`, { body: { judgement, incident_satisfaction_list: scores } });

/** Attachments go up as Base64 in JSON (upload_json_accessories): the console sends only JSON. */
export const uploadAttachment = (name: string, base64: string) =>
  call<{ accessory_id: string }>('POST', `${BASE}/accessorys/json-format-content`, { body: { accessory_name: name, accessory_from: 'incident', accessory_data: base64 } });

export const attachmentUrl = (id: string) => `${BASE}/accessorys/${seg(id)}`;

// ---- configuration ----

export const listProductCategories = (l: OsmLanguage) =>
  call<{ incident_product_category_list: { incident_product_category_id: string; incident_product_category_name: string }[] }>('GET', `${BASE}/config/product-categories`, { headers: lang(l) });

export const listProblemTypes = (productCategoryId: string, l: OsmLanguage) =>
  call<{ incident_business_type_list: { business_type_id: string; business_type_name: string; case_type: string }[] }>('GET', `${BASE}/config/problems`, {
    query: { product_category_id: productCategoryId },
    headers: lang(l),
  });

export const listSeverities = (l: OsmLanguage) => call<{ severity_list: { severity_id: string; severity_name: string }[] }>('GET', `${BASE}/config/severities`, { headers: lang(l) });

export const listRegions = (l: OsmLanguage) => call<{ data_center_list: { region_id: string; region_name: string }[] }>('GET', `${BASE}/config/regions`, { headers: lang(l) });

export interface ExtendsParam {
  param_key: string;
  param_name: string;
  param_type: number;
  required: number;
  tips: string;
  select_item?: string;
}

export const listExtendsParams = (businessTypeId: string, l: OsmLanguage) =>
  call<{ extends_params: ExtendsParam[] }>('GET', `${BASE}/config/extends-map`, { query: { business_type_id: businessTypeId }, headers: lang(l) });

export interface SatisfactionDimension {
  satisfaction_id: number;
  satisfaction_name: string;
  satisfaction_value?: number;
  value?: number;
}

export const listSatisfactionDimensions = (l: OsmLanguage) =>
  call<{ satisfaction_dimension_list: SatisfactionDimension[] }>('GET', `${BASE}/config/satisfaction-dimensions`, { headers: lang(l) });

/**
 * The source a console ticket names: the reference data's one source, the partner sales platform
 * (the configuration API lists no sources, as Huawei's does not).
 */
export const CONSOLE_SOURCE_ID = '83aeb0f2834c4df49826c781d32a963e';
