import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Where uploaded files live (real-name attachments). Keys are `/`-separated relative paths; the
 * default keeps them in a local folder, and another implementation (an S3/OBS bucket) only has to
 * honour the same three calls.
 */
export interface ObjectStore {
  put(key: string, data: Buffer): Promise<void>;
  /** The object's bytes, or null when there is none. */
  get(key: string): Promise<Buffer | null>;
  /** The object's size, or null when there is none. */
  head(key: string): Promise<{ size: number } | null>;
}

const SEGMENT_RE = /^[^/\\\u0000-\u001f\u007f]+$/;

/** Whether a key is a plain relative path: no leading slash, no empty, `.` or `..` segment, no backslash or control character. */
export function isSafeObjectKey(key: string): boolean {
  if (key.length === 0 || key.length > 1024) return false;
  return key.split('/').every((seg) => SEGMENT_RE.test(seg) && seg !== '.' && seg !== '..');
}

function checkKey(key: string): void {
  if (!isSafeObjectKey(key)) throw new Error(`unsafe object key: ${JSON.stringify(key)}`);
}

/** Objects as files under `root` (DATA_DIR/objects by default). */
export function localFolderStore(root: string): ObjectStore {
  const fileOf = (key: string) => {
    checkKey(key);
    return path.join(root, ...key.split('/'));
  };
  return {
    async put(key, data) {
      const file = fileOf(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      // Write then rename, so that a reader never sees half a file.
      const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await fs.writeFile(tmp, data);
      await fs.rename(tmp, file);
    },
    async get(key) {
      try {
        return await fs.readFile(fileOf(key));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR') return null;
        throw e;
      }
    },
    async head(key) {
      try {
        const st = await fs.stat(fileOf(key));
        return st.isFile() ? { size: st.size } : null;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
  };
}

/** Objects in memory: for tests and throwaway runs. */
export function memoryStore(): ObjectStore {
  const objects = new Map<string, Buffer>();
  return {
    async put(key, data) {
      checkKey(key);
      objects.set(key, Buffer.from(data));
    },
    async get(key) {
      return objects.get(key) ?? null;
    },
    async head(key) {
      const o = objects.get(key);
      return o ? { size: o.length } : null;
    },
  };
}
