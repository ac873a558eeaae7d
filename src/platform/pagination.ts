import { AppError } from './errors.ts';

/** offset/limit as the v2 partner API defines them: offset from 0, limit 1..max, default 10. */
export function pageOf(
  input: { offset?: number | null; limit?: number | null },
  max = 100,
  defaultLimit = 10,
): { offset: number; limit: number } {
  const offset = input.offset ?? 0;
  const limit = input.limit ?? defaultLimit;
  if (!Number.isInteger(offset) || offset < 0) throw new AppError('CBC.0100', 'invalid parameter: offset must be >= 0');
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new AppError('CBC.0100', `invalid parameter: limit must be 1..${max}`);
  }
  return { offset, limit };
}
