/**
 * Sorts finite doubles ascending by a least-significant-digit radix sort on their bits, in four
 * 16-bit passes (fewer when a digit is the same for every value, as the low bits of integers are).
 * On a million values it is several times faster than Float64Array.prototype.sort, which a drift
 * check over twenty million-row columns calls forty times.
 *
 * A double's bits order like the number once negative values have every bit flipped and positive
 * ones only the sign bit: that mapped key is what the digits are read from. -0 sorts before +0,
 * as with the built-in sort. NaN must not be passed (callers drop non-finite values first).
 */
const SMALL = 2048;
const DIGITS = 65536;

export function radixSortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n <= SMALL) return values.sort();
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  // Map every value to its order-preserving key in place; mapped back after the last pass.
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1]!;
    if (hi & 0x80000000) {
      words[2 * i] = ~words[2 * i]! >>> 0;
      words[2 * i + 1] = ~hi >>> 0;
    } else words[2 * i + 1] = (hi ^ 0x80000000) >>> 0;
  }
  const counts = new Uint32Array(4 * DIGITS);
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i]!;
    const hi = words[2 * i + 1]!;
    counts[lo & 0xffff]!++;
    counts[DIGITS + (lo >>> 16)]!++;
    counts[2 * DIGITS + (hi & 0xffff)]!++;
    counts[3 * DIGITS + (hi >>> 16)]!++;
  }
  let source: Uint32Array = words;
  let target: Uint32Array = new Uint32Array(n * 2);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * DIGITS;
    // A digit shared by every value leaves the order as it is: skip the pass.
    let skip = false;
    for (let d = 0; d < DIGITS; d++) {
      const c = counts[base + d]!;
      if (c === n) skip = true;
      if (c !== 0) break;
    }
    if (skip) continue;
    let offset = 0;
    for (let d = 0; d < DIGITS; d++) {
      const c = counts[base + d]!;
      counts[base + d] = offset;
      offset += c;
    }
    const wordIndex = pass < 2 ? 0 : 1;
    const shift = pass % 2 === 0 ? 0 : 16;
    for (let i = 0; i < n; i++) {
      const digit = (source[2 * i + wordIndex]! >>> shift) & 0xffff;
      const at = counts[base + digit]!++;
      target[2 * at] = source[2 * i]!;
      target[2 * at + 1] = source[2 * i + 1]!;
    }
    const swap = source;
    source = target;
    target = swap;
  }
  for (let i = 0; i < n; i++) {
    const hi = source[2 * i + 1]!;
    if (hi & 0x80000000) source[2 * i + 1] = (hi ^ 0x80000000) >>> 0;
    else {
      source[2 * i] = ~source[2 * i]! >>> 0;
      source[2 * i + 1] = ~hi >>> 0;
    }
  }
  const sorted = new Float64Array(source.buffer, source.byteOffset, n);
  if (sorted.buffer !== values.buffer) values.set(sorted);
  return values;
}
