/**
 * Strict UTF-8 checks on raw bytes for the columnar CSV reader, which validates as it scans rather
 * than decoding whole chunks. The rules are the WHATWG decoder's (the one TextDecoder with
 * `fatal: true` applies), so a file is refused exactly where the text-based reader refuses it.
 */

/** utf8SequenceEnd: the sequence is cut off by the end of the bytes seen so far. */
export const UTF8_INCOMPLETE = -2;
/** utf8SequenceEnd: the bytes are not UTF-8. */
export const UTF8_INVALID = -1;

/**
 * Where the multi-byte sequence starting at `start` (a byte >= 0x80) ends, UTF8_INVALID when the
 * bytes cannot be UTF-8, or UTF8_INCOMPLETE when they are a valid beginning cut off at `end`.
 * The second byte's range depends on the lead (E0, ED, F0, F4) to exclude overlong forms,
 * surrogates and code points above U+10FFFF, as the WHATWG decoder does.
 */
export function utf8SequenceEnd(bytes: Uint8Array, start: number, end: number): number {
  const lead = bytes[start]!;
  let width: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) width = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    width = 3;
    if (lead === 0xe0) low = 0xa0;
    else if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    width = 4;
    if (lead === 0xf0) low = 0x90;
    else if (lead === 0xf4) high = 0x8f;
  } else return UTF8_INVALID;
  for (let k = 1; k < width; k++) {
    if (start + k >= end) return UTF8_INCOMPLETE;
    const b = bytes[start + k]!;
    if (b < low || b > high) return UTF8_INVALID;
    low = 0x80;
    high = 0xbf;
  }
  return start + width;
}

/** Whether bytes[start, end) is valid UTF-8, allowing a valid sequence cut off at the end. */
export function isUtf8Prefix(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end;) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    const next = utf8SequenceEnd(bytes, i, end);
    if (next === UTF8_INVALID) return false;
    if (next === UTF8_INCOMPLETE) return true;
    i = next;
  }
  return true;
}

/** Whether bytes[start, end) ends inside a (valid so far) multi-byte sequence. */
export function endsInsideUtf8Sequence(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = Math.max(start, end - 3); i < end; i++) {
    if (bytes[i]! >= 0xc0 && utf8SequenceEnd(bytes, i, end) === UTF8_INCOMPLETE) return true;
  }
  return false;
}

/**
 * Index of the first byte that cannot start or continue a UTF-8 sequence; -1 when none (a cut-off
 * tail is fine). Both readers name this byte in their error message, so they report the same byte
 * for the same file.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    const width = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (width === 0) return i;
    for (let k = 1; k < width; k++) {
      if (i + k >= bytes.length) return -1;
      if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    }
    i += width;
  }
  return -1;
}

export function countNewlines(bytes: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let i = bytes.indexOf(10, start); i >= 0 && i < end; i = bytes.indexOf(10, i + 1)) count++;
  return count;
}
