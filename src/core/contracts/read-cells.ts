import { isMissing, parseNumber } from '../table.ts';

/**
 * Reading one file cell, on the path every cell of a million-row file takes: written to settle the
 * common case with a few character comparisons and no allocation, and to give exactly the answer
 * of the general functions in src/core/table.ts otherwise (the tests check both agree).
 */

/** isMissing for file cells: empty, null, or one of pandas' markers ("NA", "NaN", "null", ...). */
export function isMissingInFile(cell: unknown): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell !== 'string') return false;
  const n = cell.length;
  if (n === 0) return true;
  // Every missing marker, once trimmed, starts with N, n or < and has at most 4 characters. A cell
  // with printable ASCII (never whitespace) at both ends that is longer or starts otherwise cannot
  // be one, which settles almost every cell without trimming or a set lookup.
  const first = cell.charCodeAt(0);
  if (isPrintableAscii(first) && isPrintableAscii(cell.charCodeAt(n - 1)) && (n > 4 || (first !== 78 && first !== 110 && first !== 60)))
    return false;
  return isMissing(cell);
}

function isPrintableAscii(code: number): boolean {
  return code > 32 && code < 127;
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * A decimal as parseNumber reads it, or NaN when the text is not one (also for text that would
 * overflow to Infinity). Plain decimals of up to 15 digits ("40001.67", "-3", ".5") are computed as
 * mantissa / 10^k: both are exact doubles, so the quotient is the correctly rounded value, the
 * same double Number() gives (Clinger's fast path). Everything else goes to Number or parseNumber.
 */
export function readDecimalText(text: string): number {
  const n = text.length;
  let i = 0;
  let negative = false;
  const sign = text.charCodeAt(0);
  if (sign === 45 || sign === 43) {
    negative = sign === 45;
    i = 1;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    const d = c - 48;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 46 && fraction < 0) {
      fraction = 0;
    } else {
      return readDecimalSlowly(text);
    }
  }
  if (digits === 0 || digits > 15) return readDecimalSlowly(text);
  const value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction]! : mantissa;
  return negative ? -value : value;
}

/**
 * Number() reads exactly the decimal forms parseNumber accepts when the text starts with a digit,
 * sign or point and has no radix prefix (0x, 0b, 0o); everything else goes the strict way.
 */
function readDecimalSlowly(text: string): number {
  const first = text.charCodeAt(0);
  if ((first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46) {
    const second = text.charCodeAt(1) | 0x20;
    if (!(first === 48 && (second === 120 || second === 98 || second === 111))) {
      const value = Number(text);
      return Number.isFinite(value) ? value : Number.NaN;
    }
  }
  const value = parseNumber(text);
  return value !== undefined && Number.isFinite(value) ? value : Number.NaN;
}

const TRUE_TEXT = new Set(['true', 'True', 'TRUE', '1']);
const FALSE_TEXT = new Set(['false', 'False', 'FALSE', '0']);

/** 1 for true, True, TRUE, 1; 0 for false, False, FALSE, 0 (surrounding blanks and case aside); NaN otherwise. */
export function readBooleanText(text: string): number {
  if (TRUE_TEXT.has(text)) return 1;
  if (FALSE_TEXT.has(text)) return 0;
  const word = text.trim().toLowerCase();
  return TRUE_TEXT.has(word) ? 1 : FALSE_TEXT.has(word) ? 0 : Number.NaN;
}
