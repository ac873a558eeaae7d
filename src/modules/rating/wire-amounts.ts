import { toDecimalText, toWireNumber, type Rational } from '../../platform/rational.ts';

/** Amounts on the wire: JSON numbers in the v2 rating models, decimal text in the renew-rate (V2) models. */
export const wireNumber = (r: Rational, places: number): number => toWireNumber(r, places);
export const wireText = (r: Rational, places: number): string => toDecimalText(r, places);

/** measure_id 1 = yuan. */
export const YUAN = 1;
export const CURRENCY = 'CNY';

/** inquiry_precision: 0 (default) keeps at most 6 decimals, 1 at most 10; both truncate. */
export function placesOf(inquiryPrecision: number | null | undefined): number | null {
  if (inquiryPrecision === undefined || inquiryPrecision === null || inquiryPrecision === 0) return 6;
  if (inquiryPrecision === 1) return 10;
  return null;
}
