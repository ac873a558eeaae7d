import { Busboy } from '@fastify/busboy';

/**
 * multipart/form-data from the raw body the body parser kept (raw-body.ts keeps every non-JSON
 * body as bytes, because a signature may cover them). Parsed with @fastify/busboy; limits are
 * enforced while parsing, so an oversized file is reported, not buffered whole.
 */
export interface MultipartFile {
  field: string;
  /** As the client named it in Content-Disposition; '' when it gave none (form-data appending a Buffer). */
  fileName: string;
  mimeType: string;
  data: Buffer;
  /** The file was longer than `limits.fileBytes` and was cut there. */
  truncated: boolean;
}

export interface MultipartForm {
  fields: Record<string, string>;
  files: MultipartFile[];
}

export class MultipartError extends Error {
  override readonly name = 'MultipartError';
}

export const isMultipart = (contentType: string | undefined): boolean => typeof contentType === 'string' && /^multipart\/form-data\s*(;|$)/i.test(contentType);

export function parseMultipart(
  body: Buffer,
  contentType: string,
  limits: { fileBytes: number; files: number; fields: number; fieldBytes: number },
): Promise<MultipartForm> {
  return new Promise((resolve, reject) => {
    let parser: ReturnType<typeof Busboy>;
    try {
      parser = Busboy({
        headers: { 'content-type': contentType },
        limits: { fileSize: limits.fileBytes, files: limits.files, fields: limits.fields, fieldSize: limits.fieldBytes, parts: limits.files + limits.fields },
      });
    } catch (e) {
      reject(new MultipartError(`not a multipart body: ${(e as Error).message}`));
      return;
    }
    const form: MultipartForm = { fields: {}, files: [] };
    let failed: MultipartError | null = null;
    const fail = (msg: string) => {
      failed ??= new MultipartError(msg);
    };
    parser.on('field', (name, value, _nameTruncated, valueTruncated) => {
      if (valueTruncated) fail(`field ${name} is longer than ${limits.fieldBytes} bytes`);
      form.fields[name] = value;
    });
    parser.on('file', (field, stream, fileName, _encoding, mimeType) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => form.files.push({ field, fileName: fileName ?? '', mimeType, data: Buffer.concat(chunks), truncated: stream.truncated }));
    });
    parser.on('filesLimit', () => fail(`more than ${limits.files} file(s)`));
    parser.on('fieldsLimit', () => fail(`more than ${limits.fields} field(s)`));
    parser.on('partsLimit', () => fail('too many parts'));
    parser.on('error', (e: unknown) => reject(new MultipartError(`malformed multipart body: ${e instanceof Error ? e.message : String(e)}`)));
    parser.on('finish', () => (failed ? reject(failed) : resolve(form)));
    parser.end(body);
  });
}
