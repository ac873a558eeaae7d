import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Deps } from '../../platform/deps.ts';
import type { Guards } from '../../platform/http/guards.ts';
import { rawBodyOf } from '../../platform/http/raw-body.ts';
import { OperatorError } from '../../platform/http/operator-schemas.ts';
import { uploadPartnerObject } from './upload-partner-object.ts';
import { scanRealnameQrCode } from './scan-realname-qr-code.ts';
import { QR_CODE_PATH } from './issue-realname-qr-code.ts';

const ErrorBody = OperatorError[400];

/**
 * Routes beside the Huawei contract that the customer operations need: the partner's bucket
 * (real-name attachments are named by their path below its download directory) and the
 * face-verification link behind show_real_name_auth_qr_code.
 */
export function registerCustomerRoutes(app: FastifyInstance, deps: Deps, guards: Guards): void {
  app.put<{ Params: { '*': string } }>(
    '/partner/v1/bucket/download/*',
    {
      schema: {
        tags: ['Partner: bucket'],
        summary: "Upload a file into the caller's bucket below download/ (any content type; sign the body hash with X-Sdk-Content-Sha256)",
        description:
          'Real-name applications name attachments by this path (test/abc023.jpg). Formats (jpg, jpeg, bmp, png, gif, pdf) and the 10 MB limit are checked when an application names the file.',
        params: Type.Object({ '*': Type.String({ minLength: 1, maxLength: 1024 }) }),
        response: { 201: Type.Object({ path: Type.String(), size: Type.Integer() }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
      preValidation: guards.anyCaller,
    },
    async (request, reply) => reply.code(201).send(await uploadPartnerObject(deps, request.caller!, request.params['*'], rawBodyOf(request))),
  );

  app.get<{ Params: { token: string } }>(
    `${QR_CODE_PATH}/:token`,
    {
      schema: {
        tags: ['Customers: real-name'],
        summary: 'Open a face-verification link (single use, 10 minutes); 410 when used or expired',
        params: Type.Object({ token: Type.String({ maxLength: 128 }) }),
        response: { 200: Type.Object({ status: Type.String() }), 410: ErrorBody },
      },
    },
    async (request) => scanRealnameQrCode(deps, request.params.token),
  );
}
