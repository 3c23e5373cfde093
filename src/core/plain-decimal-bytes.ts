/** Exact doubles 10^0 .. 10^15: mantissa / 10^k is then the correctly rounded value (as readDecimalText). */
export const POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => 10 ** i);

/** readDecimalText's fast path on bytes: [+-]? digits with at most one point, 1 to 15 digits; NaN otherwise. */
export function readPlainDecimal(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  const sign = bytes[i];
  if (sign === 45 || sign === 43) {
    negative = sign === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < end; i++) {
    const c = bytes[i]!;
    const d = c - 48;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 46 && fraction < 0) {
      fraction = 0;
    } else {
      return Number.NaN;
    }
  }
  if (digits === 0 || digits > 15) return Number.NaN;
  const value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction]! : mantissa;
  return negative ? -value : value;
}
