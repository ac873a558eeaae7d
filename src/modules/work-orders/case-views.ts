import { huaweiUtc } from '../../platform/time-format.ts';
import type { AttachmentRow, CaseRow, MessageRow } from './work-orders.repo.ts';
import { businessTypeById, caseTypeName, regionById, severityById, sourceById, type Lang } from './reference-data.ts';
import type { SatisfactionInput } from './case-rules.ts';
import { satisfactionById } from './reference-data.ts';

/**
 * Rows to the OSM wire models (IncidentInfoV2, IncidentDetailInfoV2, IncidentMessageV2,
 * QueryMessageInfoV2). Names come from the reference data in the caller's language; instants are
 * UTC `yyyy-MM-ddTHH:mm:ssZ`; resolve_time is epoch milliseconds.
 */

type AttachmentRef = Pick<AttachmentRow, 'id' | 'file_name' | 'message_id'>;

export function toIncidentInfo(row: CaseRow, lang: Lang) {
  const bt = businessTypeById(row.business_type_id);
  return {
    xcustomer_id: row.submitter_user_id,
    xcustomer_name: row.submitter_user_name,
    status: row.status,
    incident_id: row.id,
    business_type_name: bt?.name[lang] ?? '',
    incident_type_name: bt ? caseTypeName(bt.case_type, lang) : '',
    customer_id: row.customer_id,
    dc_name: row.region_id ? (regionById(row.region_id)?.name[lang] ?? row.region_id) : '',
    simple_description: row.simple_description,
    create_time: huaweiUtc(row.created_at),
    label_list: [] as Array<{ id: number; name: string; color: string }>,
  };
}

const accessoriesOf = (messageId: string, attachments: readonly AttachmentRef[]) =>
  attachments.filter((a) => a.message_id === messageId).map((a) => ({ accessory_id: a.id, file_actual_name: a.file_name }));

export function toIncidentMessage(m: MessageRow, attachments: readonly AttachmentRef[]) {
  return {
    type: m.type,
    replier: m.author_user_id,
    content: m.content,
    message_id: m.id,
    replier_name: m.author_name,
    create_time: huaweiUtc(m.created_at),
    is_first_message: m.seq === 1 ? 1 : 0,
    accessory_list: accessoriesOf(m.id, attachments),
  };
}

export function toMessageInfo(m: MessageRow, attachments: readonly AttachmentRef[]) {
  return {
    type: m.type,
    replier_type: m.replier_type,
    replier: m.author_user_id,
    content: m.content,
    create_time: huaweiUtc(m.created_at),
    replier_name: m.author_name,
    is_first_message: m.seq === 1 ? 1 : 0,
    accessory_list: accessoriesOf(m.id, attachments),
  };
}

function satisfactionView(json: string | null, lang: Lang) {
  if (!json) return [];
  return (JSON.parse(json) as SatisfactionInput[]).map((s) => {
    const dim = satisfactionById(s.satisfaction_id);
    return {
      satisfaction_id: s.satisfaction_id,
      satisfaction_value: s.satisfaction_value,
      value: dim?.value,
      per_value: dim?.per_value,
      satisfaction_name: dim?.name[lang],
      sat_category_id: dim?.category_id,
      sat_category_name: dim?.name[lang],
    };
  });
}

export function toIncidentDetail(row: CaseRow, messages: readonly MessageRow[], attachments: readonly AttachmentRef[], lang: Lang) {
  const info = toIncidentInfo(row, lang);
  const resolvedAt = row.resolved_at ?? (row.status === 3 ? row.closed_at : null);
  return {
    xcustomer_id: info.xcustomer_id,
    xcustomer_name: info.xcustomer_name,
    status: row.status,
    judgement: row.judgement ?? '',
    incident_id: row.id,
    business_type_name: info.business_type_name,
    incident_type_name: info.incident_type_name,
    customer_id: row.customer_id,
    dc_name: info.dc_name,
    simple_description: row.simple_description,
    source_name: sourceById(row.source_id)?.name[lang] ?? '',
    create_time: info.create_time,
    message_list: messages.map((m) => toIncidentMessage(m, attachments)),
    incident_satisfaction: satisfactionView(row.satisfaction, lang),
    is_authorized: row.is_authorized,
    severity_name: row.severity_id ? (severityById(row.severity_id)?.name[lang] ?? '') : '',
    business_ownership: row.business_ownership,
    ...(resolvedAt ? { resolve_time: Date.parse(resolvedAt) } : {}),
    ext_info: {
      area_code: row.area_code ?? undefined,
      remind_mobile: row.remind_mobile ?? undefined,
      remind_mail: row.remind_mail ?? undefined,
      contact_type: row.remind_mobile ? 'mobile' : row.remind_mail ? 'email' : undefined,
      remind_time: row.remind_time ?? undefined,
    },
  };
}
