import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Deps } from '../../platform/deps.ts';
import type { Guards } from '../../platform/http/guards.ts';
import { isMultipart, MultipartError, parseMultipart } from '../../platform/http/multipart.ts';
import { rawBodyOf } from '../../platform/http/raw-body.ts';
import { deleteAttachment } from './delete-attachment.ts';
import { downloadAttachment } from './download-attachment.ts';
import { accessoryLimits, uploadAttachment } from './upload-attachment.ts';
import { REFERENCE_DATA } from './reference-data.ts';
import { invalidParam } from './work-orders.errors.ts';
import { BASE, osmRoute } from './work-orders.routes.ts';
import { AccessoryIdParams, Empty, ERRORS, GroupQuery } from './work-orders.schemas.ts';

const AccessoryIdResponse = Type.Object({ accessory_id: Type.String() }, { title: 'UploadAccessoryResponse' });

/** Documents the form; the route parses it itself from the raw body (see the handler). */
const UploadForm = Type.Object({
  file: Type.String({ format: 'binary', description: 'the file' }),
  form_data: Type.String({
    maxLength: 5000,
    description: 'JSON text: {"fileName":"error.png","accessoryFrom":"incident"|"message","uploadType":0}; fileName falls back to the file part\u2019s name',
  }),
});

const JsonUploadBody = Type.Object(
  {
    accessory_name: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
    accessory_from: Type.Optional(Type.String({ maxLength: 32 })),
    upload_type: Type.Optional(Type.Integer({ minimum: 0, maximum: 1 })),
    accessory_data: Type.String({ minLength: 1, description: 'the file, Base64' }),
  },
  { title: 'AccessoryJsonFormatReq' },
);

const LimitsResponse = Type.Object(
  {
    accessory_limit: Type.Object(
      {
        limit_count: Type.String({ description: 'attachments per case or message' }),
        limit_size: Type.String({ description: 'largest file, MB' }),
        limit_file_type: Type.String({ description: 'allowed extensions, comma-separated' }),
      },
      { title: 'AccessoryLimitVo' },
    ),
  },
  { title: 'ShowAccessoryLimitsResponse' },
);

// Linear on purpose: a nested quantifier here overflows the stack on a few megabytes of input.
const isBase64 = (s: string) => s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);

interface FormMeta {
  fileName?: string;
  accessoryFrom?: string;
}

/** form_data is JSON text; the examples in Huawei's documents are not always valid JSON, so a part that does not parse only loses its metadata. */
function formMeta(text: string | undefined): FormMeta {
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return {
        fileName: typeof o.fileName === 'string' ? o.fileName : undefined,
        accessoryFrom: typeof o.accessoryFrom === 'string' ? o.accessoryFrom : typeof o.accessFrom === 'string' ? o.accessFrom : undefined,
      };
    }
  } catch {
    // falls through: no metadata
  }
  return {};
}

const contentDisposition = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** Attachments: upload (multipart, or JSON with Base64), limits, download, delete. */
export function registerAttachmentRoutes(app: FastifyInstance, deps: Deps, guards: Guards): void {
  const upload = osmRoute(guards, 'upload_accessory', 'Upload an attachment (multipart/form-data with parts file and form_data)', {
    consumes: ['multipart/form-data'],
    body: UploadForm,
    response: { 200: AccessoryIdResponse, ...ERRORS },
  });
  app.post(
    `${BASE}/accessorys`,
    {
      ...upload,
      // The official SDKs leave multipart bodies out of the signature (UNSIGNED-PAYLOAD): this is
      // the one route that accepts that, and only for multipart/form-data (signature.ts).
      config: { operation: 'upload_accessory', unsignedMultipartPayload: true },
      // The body stays raw (raw-body.ts) and is parsed below; UploadForm only documents it.
      validatorCompiler: () => () => true,
    },
    async (request) => {
      const contentType = request.headers['content-type'];
      if (!isMultipart(contentType)) throw invalidParam('Content-Type must be multipart/form-data');
      const limits = accessoryLimits();
      let form;
      try {
        // One byte over the limit is enough to know the file is too large.
        form = await parseMultipart(rawBodyOf(request), contentType!, { fileBytes: limits.maxBytes + 1, files: 1, fields: 4, fieldBytes: 5000 });
      } catch (e) {
        if (e instanceof MultipartError) throw invalidParam(e.message);
        throw e;
      }
      const file = form.files.find((f) => f.field === 'file');
      if (!file) throw invalidParam('the form has no part named file');
      const meta = formMeta(form.fields.form_data);
      return uploadAttachment(deps, request.caller!, { fileName: meta.fileName || file.fileName, accessoryFrom: meta.accessoryFrom ?? 'incident', data: file.data });
    },
  );

  app.post<{ Body: Static<typeof JsonUploadBody> }>(
    `${BASE}/accessorys/json-format-content`,
    osmRoute(guards, 'upload_json_accessories', 'Upload an attachment as Base64 in JSON (for SDKs without multipart)', {
      body: JsonUploadBody,
      response: { 200: Type.Object({ accessory_id: Type.String() }, { title: 'UploadJsonAccessoriesResponse' }), ...ERRORS },
    }),
    async (request) => {
      const b = request.body;
      if (!b.accessory_name) throw invalidParam('accessory_name is required');
      // Size first, so that a huge string is refused before it is scanned or decoded.
      if ((b.accessory_data.length / 4) * 3 > accessoryLimits().maxBytes + 3) throw invalidParam(`file is larger than ${REFERENCE_DATA.limits.accessory_size_mb} MB`);
      if (!isBase64(b.accessory_data)) throw invalidParam('accessory_data must be Base64');
      return uploadAttachment(deps, request.caller!, { fileName: b.accessory_name, accessoryFrom: b.accessory_from ?? 'incident', data: Buffer.from(b.accessory_data, 'base64') });
    },
  );

  app.get(
    `${BASE}/accessorys/limits`,
    osmRoute(guards, 'show_accessory_limits', 'Attachment limits: count, size (MB) and file types', { response: { 200: LimitsResponse, ...ERRORS } }),
    async () => {
      const l = REFERENCE_DATA.limits;
      return { accessory_limit: { limit_count: String(l.accessory_count), limit_size: String(l.accessory_size_mb), limit_file_type: l.accessory_file_types.join(',') } };
    },
  );

  app.get<{ Params: Static<typeof AccessoryIdParams>; Querystring: Static<typeof GroupQuery> }>(
    `${BASE}/accessorys/:accessory_id`,
    osmRoute(guards, 'download_accessories', 'Download an attachment (application/octet-stream)', {
      params: AccessoryIdParams,
      querystring: GroupQuery,
      response: { 200: Type.String({ format: 'binary' }), ...ERRORS },
    }),
    async (request, reply) => {
      const { fileName, data } = await downloadAttachment(deps, request.caller!, request.params.accessory_id);
      // Always octet-stream: the SDKs hand such bodies back as streams, and browsers save them.
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', contentDisposition(fileName))
        .header('x-content-type-options', 'nosniff')
        .send(data);
    },
  );

  app.delete<{ Params: Static<typeof AccessoryIdParams> }>(
    `${BASE}/accessorys/:accessory_id`,
    osmRoute(guards, 'delete_accessories', 'Delete an attachment not yet used by a case or message', { params: AccessoryIdParams, response: { 200: Empty, ...ERRORS } }),
    async (request) => {
      await deleteAttachment(deps, request.caller!, request.params.accessory_id);
      return {};
    },
  );
}
