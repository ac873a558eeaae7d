import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { appendEvent } from '../../platform/event-outbox.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { isPartnerRole, ownershipFor } from './case-access.ts';
import { workOrderEvent } from './case-events.ts';
import { checkContact, checkExtendsMap } from './case-rules.ts';
import { CaseStatus } from './case-status.ts';
import { businessTypeById, productCategoryById, REFERENCE_DATA, regionById, severityById, sourceById, subTypeById } from './reference-data.ts';
import { accessoryNotFound, invalidParam, noPermission, severityNotFound } from './work-orders.errors.ts';
import { claimAttachments, findSubmitterContext, insertCase, insertMessage } from './work-orders.repo.ts';

export interface CreateCaseInput {
  business_type_id: string;
  simple_description: string;
  source_id: string;
  incident_sub_type_id?: string;
  product_category_id?: string;
  region_id?: string;
  severity_id?: string;
  project_id?: string;
  remind_mobile?: string;
  remind_mail?: string;
  remind_time?: string;
  area_code?: string;
  accessory_ids?: string[];
  extends_map?: Record<string, unknown>;
  extension_map?: Record<string, unknown>;
  is_authorized?: number;
  authorization_content?: string;
}

const MAX_EXTENSION_MAP_BYTES = 4096;

/**
 * Opens a ticket for the caller's account. The problem type decides what the ticket must carry
 * (its extension fields; a region for a fault) and, with the customer's association type, who
 * answers it. The description becomes the first message, carrying the uploaded attachments.
 */
export async function createCase(
  deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'secretBox'>,
  caller: Caller,
  input: CreateCaseInput,
): Promise<{ incident_id: string }> {
  if (caller.role !== 'customer' && !isPartnerRole(caller.role)) throw noPermission('the operator answers tickets; customers and partners open them');
  if (!sourceById(input.source_id)) throw invalidParam(`source_id ${input.source_id} is not a known source`);
  const bt = businessTypeById(input.business_type_id);
  if (!bt) throw invalidParam(`business_type_id ${input.business_type_id} does not exist`);
  if (input.product_category_id !== undefined) {
    if (!productCategoryById(input.product_category_id)) throw invalidParam(`product_category_id ${input.product_category_id} does not exist`);
    if (!bt.product_category_ids.includes(input.product_category_id)) throw invalidParam(`business type ${bt.id} does not apply to product category ${input.product_category_id}`);
  }
  if (input.incident_sub_type_id !== undefined) {
    const st = subTypeById(input.incident_sub_type_id);
    if (!st) throw invalidParam(`incident_sub_type_id ${input.incident_sub_type_id} does not exist`);
    if (input.product_category_id !== undefined && !st.product_category_ids.includes(input.product_category_id)) {
      throw invalidParam(`product category ${input.product_category_id} is not in category ${st.id}`);
    }
  }
  if (bt.case_type === '5' && input.region_id === undefined) throw invalidParam('region_id is required to report a fault');
  if (input.region_id !== undefined && !regionById(input.region_id)) throw invalidParam(`region_id ${input.region_id} does not exist`);
  if (input.severity_id !== undefined && !severityById(input.severity_id)) throw severityNotFound(input.severity_id);
  checkContact(input);
  const extendsMap = checkExtendsMap(bt, input.extends_map);
  const extensionMap = JSON.stringify(input.extension_map ?? {});
  if (Buffer.byteLength(extensionMap) > MAX_EXTENSION_MAP_BYTES) throw invalidParam(`extension_map must be at most ${MAX_EXTENSION_MAP_BYTES} bytes`);
  const authorized = input.is_authorized === 1;
  if (authorized && !input.authorization_content) throw invalidParam('authorization_content is required when is_authorized is 1');
  const accessoryIds = [...new Set(input.accessory_ids ?? [])];
  if (accessoryIds.length > REFERENCE_DATA.limits.accessory_count) throw invalidParam(`at most ${REFERENCE_DATA.limits.accessory_count} accessory_ids`);

  const at = deps.clock.now();
  const now = iso(at);
  const id = deps.ids.prefixed('TT');
  const messageId = deps.ids.hex32();
  return deps.db.kysely.transaction().execute(async (trx) => {
    const who = await findSubmitterContext(trx, caller);
    const row = {
      id,
      customer_id: caller.accountId,
      submitter_user_id: caller.userId,
      submitter_user_name: who.userName,
      partner_id: who.partnerId,
      tier1_id: who.tier1Id,
      business_ownership: ownershipFor({ associationType: who.associationType }, bt),
      business_type_id: bt.id,
      incident_sub_type_id: input.incident_sub_type_id ?? null,
      product_category_id: input.product_category_id ?? null,
      region_id: input.region_id ?? null,
      severity_id: input.severity_id ?? null,
      source_id: input.source_id,
      simple_description: input.simple_description,
      project_id: input.project_id ?? null,
      remind_mobile: input.remind_mobile ?? null,
      remind_mail: input.remind_mail ?? null,
      remind_time: input.remind_time ?? null,
      area_code: input.area_code ?? null,
      extends_map: JSON.stringify(extendsMap),
      extension_map: extensionMap,
      is_authorized: authorized ? 1 : 0,
      authorization_sealed: authorized ? deps.secretBox.seal(input.authorization_content!) : null,
      status: CaseStatus.PendingAcceptance,
      judgement: null,
      satisfaction: null,
      rated_at: null,
      message_count: 1,
      created_at: now,
      updated_at: now,
      accepted_at: null,
      resolved_at: null,
      closed_at: null,
      last_pressed_at: null,
      deleted_at: null,
    };
    await insertCase(trx, row);
    await insertMessage(trx, {
      id: messageId,
      work_order_id: id,
      seq: 1,
      type: 0,
      replier_type: 0,
      author_account_id: caller.accountId,
      author_user_id: caller.userId,
      author_name: who.userName,
      content: input.simple_description,
      is_authorized: 0,
      authorization_sealed: null,
      created_at: now,
    });
    if ((await claimAttachments(trx, accessoryIds, caller.accountId, id, messageId)) !== accessoryIds.length) {
      throw accessoryNotFound(accessoryIds.join(','));
    }
    await appendEvent(trx, workOrderEvent('work_order.created', row, caller, { status: row.status, business_type_id: bt.id, accessory_count: accessoryIds.length }), at);
    return { incident_id: id };
  });
}
