import type { ObjectStore } from '../../platform/object-store.ts';
import { isSafeObjectKey } from '../../platform/object-store.ts';
import { attachmentFormat, attachmentTooLarge, invalidParam } from './customers.errors.ts';

/**
 * Real-name attachments, as the documents describe them: the partner uploads files into the
 * `download/` directory of its bucket and names them by their path below it (`abc023.jpg`,
 * `test/abc023.jpg`). Our bucket is the object store: partner P's `download/` directory is the
 * key prefix `partners/P/download/`.
 */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

type Format = 'jpeg' | 'png' | 'gif' | 'bmp' | 'pdf';
const FORMAT_OF_EXTENSION: Record<string, Format> = { jpg: 'jpeg', jpeg: 'jpeg', png: 'png', gif: 'gif', bmp: 'bmp', pdf: 'pdf' };

export const partnerObjectKey = (partnerId: string, relativePath: string) => `partners/${partnerId}/download/${relativePath}`;

/** The format the first bytes announce, or null. */
export function sniffFormat(data: Buffer): Format | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpeg';
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  const head = data.subarray(0, 6).toString('latin1');
  if (head === 'GIF87a' || head === 'GIF89a') return 'gif';
  if (head.startsWith('BM')) return 'bmp';
  if (head.startsWith('%PDF-')) return 'pdf';
  return null;
}

export interface Attachment {
  extension: string;
  data: Buffer;
}

/**
 * Reads the named attachments from the partner's bucket, in order, checking each: a plain
 * relative path, one of jpg/jpeg/bmp/png/gif/pdf by name and by content (CBC.99000100), at most
 * 10 MB (CBC.99000099). A name that is no file is a parameter error naming the entry.
 */
export async function loadAttachments(store: ObjectStore, partnerId: string, urls: readonly string[]): Promise<Attachment[]> {
  const out: Attachment[] = [];
  for (const [i, url] of urls.entries()) {
    const field = `verified_file_url[${i}]`;
    if (!isSafeObjectKey(url)) throw invalidParam(field, "must be a path relative to your bucket's download directory, such as test/abc023.jpg");
    const extension = url.slice(url.lastIndexOf('.') + 1).toLowerCase();
    const format = url.includes('.') ? FORMAT_OF_EXTENSION[extension] : undefined;
    if (!format) throw attachmentFormat(field, 'only jpg, jpeg, bmp, png, gif and pdf files are accepted');
    const key = partnerObjectKey(partnerId, url);
    const head = await store.head(key);
    if (!head) throw invalidParam(field, "names no file in your bucket's download directory");
    if (head.size > MAX_ATTACHMENT_BYTES) throw attachmentTooLarge(field);
    const data = await store.get(key);
    if (!data) throw invalidParam(field, "names no file in your bucket's download directory");
    if (data.length > MAX_ATTACHMENT_BYTES) throw attachmentTooLarge(field);
    if (sniffFormat(data) !== format) throw attachmentFormat(field, `the file's content is not ${format === 'jpeg' ? 'a JPEG' : `a ${format.toUpperCase()}`} file`);
    out.push({ extension, data });
  }
  return out;
}

/** Copies the attachments beside the application, so that later changes to the bucket do not change what was reviewed. */
export async function keepAttachments(store: ObjectStore, applicationId: string, files: readonly Attachment[]): Promise<string[]> {
  const keys: string[] = [];
  for (const [i, f] of files.entries()) {
    const key = `realname/${applicationId}/${i + 1}.${f.extension}`;
    await store.put(key, f.data);
    keys.push(key);
  }
  return keys;
}
