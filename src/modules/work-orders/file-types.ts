/**
 * Attachment types: the extension must be on the allowed list, and the first bytes must look like
 * that kind of file, so that a renamed executable or HTML page is not stored as a ".png". Text
 * types only have to be free of NUL bytes.
 */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot <= 0 || dot === fileName.length - 1 ? '' : fileName.slice(dot + 1).toLowerCase();
}

const startsWith = (data: Buffer, ...bytes: number[]) => data.length >= bytes.length && bytes.every((b, i) => data[i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const ZIP = (d: Buffer) => startsWith(d, ...ascii('PK\x03\x04')) || startsWith(d, ...ascii('PK\x05\x06'));
const ISO_MEDIA = (d: Buffer) => d.length >= 12 && ['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip'].includes(d.subarray(4, 8).toString('latin1'));
const TEXT = (d: Buffer) => !d.subarray(0, 64 * 1024).includes(0);

const SIGNATURES: Record<string, (data: Buffer) => boolean> = {
  png: (d) => startsWith(d, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
  jpg: (d) => startsWith(d, 0xff, 0xd8, 0xff),
  jpeg: (d) => startsWith(d, 0xff, 0xd8, 0xff),
  gif: (d) => startsWith(d, ...ascii('GIF87a')) || startsWith(d, ...ascii('GIF89a')),
  bmp: (d) => startsWith(d, ...ascii('BM')),
  pdf: (d) => startsWith(d, ...ascii('%PDF-')),
  zip: ZIP,
  docx: ZIP,
  xlsx: ZIP,
  // Outlook .msg files are OLE compound documents.
  msg: (d) => startsWith(d, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1),
  mp4: ISO_MEDIA,
  mov: ISO_MEDIA,
  txt: TEXT,
  log: TEXT,
  ini: TEXT,
  eml: TEXT,
};

/** Null when the file may be stored, else why not. */
export function fileTypeProblem(fileName: string, data: Buffer, allowed: readonly string[]): string | null {
  const ext = extensionOf(fileName);
  if (!ext || !allowed.includes(ext)) return `file type .${ext || '?'} is not allowed (allowed: ${allowed.join(', ')})`;
  const looksRight = SIGNATURES[ext];
  // An allowed type without a known signature is accepted on its extension alone.
  if (looksRight && !looksRight(data)) return `the content of ${fileName} is not a .${ext} file`;
  return null;
}

/** Names are stored and echoed: no path, no control characters, at most 255 characters. */
export function cleanFileName(name: string): string | null {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  if (base === '' || base.length > 255 || /[\u0000-\u001f\u007f]/.test(base) || base === '.' || base === '..') return null;
  return base;
}
