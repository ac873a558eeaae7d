import { toDecimalText, toExactText, type Rational } from '../../platform/rational.ts';

/** Usage quantities as exact decimal text (at most 20 decimals when a value does not terminate). */
export const decimalText = (r: Rational): string => toExactText(r) ?? toDecimalText(r, 20);
