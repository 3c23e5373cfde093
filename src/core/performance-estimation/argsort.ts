/**
 * Row indices ordered by a numeric key, stably (rows with equal keys keep their order), as
 * `indices.sort((a, b) => key[a] - key[b])` orders them, but in linear time: a least-significant-digit
 * radix sort on the keys' float64 bits. CBPE sorts the reference and every chunk by score several times
 * (calibration check, isotonic fit, ROC AUC, sampling error); on a million rows a comparison sort calling
 * a JavaScript comparator was most of the estimate's time.
 *
 * The same order as the comparator sort, exactly: equal keys (including 0 and -0, which compare equal)
 * keep index order, and keys holding NaN, for which a comparator has no consistent order, are sorted by
 * the comparator itself.
 */

/** Below this many rows the comparator sort is as fast and allocates less. */
const SMALL = 256;
/** 11-bit digits: six passes over 64 bits, and a count table that stays in the L1 cache. */
const BITS = 11;
const RADIX = 1 << BITS;
const PASSES = 6;

/** Digit `pass` (0 = least significant) of the 64-bit key hi:lo. */
function digitOf(hi: number, lo: number, pass: number): number {
  const shift = pass * BITS;
  if (shift + BITS <= 32) return (lo >>> shift) & (RADIX - 1);
  if (shift >= 32) return (hi >>> (shift - 32)) & (RADIX - 1);
  return ((lo >>> shift) | (hi << (32 - shift))) & (RADIX - 1);
}

export function argsortAscending(keys: ArrayLike<number>): Uint32Array {
  const n = keys.length;
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let hasNaN = false;
  for (let i = 0; i < n && !hasNaN; i++) hasNaN = Number.isNaN(keys[i]!);
  if (n < SMALL || hasNaN) return order.sort((a, b) => keys[a]! - keys[b]!);

  // The float64 bits as an unsigned integer that orders as the number does: negative numbers have every
  // bit flipped, the rest only the sign bit. -0 is written as 0 first, so the two stay equal.
  const bits = new Float64Array(n);
  for (let i = 0; i < n; i++) bits[i] = keys[i]! === 0 ? 0 : keys[i]!;
  const words = new Uint32Array(bits.buffer);
  const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const l = words[2 * i + (littleEndian ? 0 : 1)]!;
    const h = words[2 * i + (littleEndian ? 1 : 0)]!;
    const negative = (h & 0x80000000) !== 0;
    lo[i] = negative ? ~l >>> 0 : l;
    hi[i] = negative ? ~h >>> 0 : (h | 0x80000000) >>> 0;
  }

  // Every pass's counts in one read; the keys then travel with their indices, so each pass reads its
  // input in order.
  const counts = new Uint32Array(RADIX * PASSES);
  for (let i = 0; i < n; i++) {
    const h = hi[i]!;
    const l = lo[i]!;
    for (let pass = 0; pass < PASSES; pass++) counts[pass * RADIX + digitOf(h, l, pass)]!++;
  }
  let nextOrder = new Uint32Array(n);
  let nextLo = new Uint32Array(n);
  let nextHi = new Uint32Array(n);
  for (let pass = 0; pass < PASSES; pass++) {
    const base = pass * RADIX;
    // A digit every key shares moves nothing: scores in [0, 1] share most of their exponent bits.
    if (counts[base + digitOf(hi[0]!, lo[0]!, pass)] === n) continue;
    let sum = 0;
    for (let d = base; d < base + RADIX; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let k = 0; k < n; k++) {
      const h = hi[k]!;
      const l = lo[k]!;
      const at = counts[base + digitOf(h, l, pass)]!++;
      nextOrder[at] = order[k]!;
      nextLo[at] = l;
      nextHi[at] = h;
    }
    [order, nextOrder] = [nextOrder, order];
    [lo, nextLo] = [nextLo, lo];
    [hi, nextHi] = [nextHi, hi];
  }
  return order;
}

/** Indices by decreasing key, equal keys in index order: `sort((a, b) => key[b] - key[a])`. */
export function argsortDescending(keys: ArrayLike<number>): Uint32Array {
  const negated = new Float64Array(keys.length);
  // 0 - x, not -x: a key of 0 stays 0 rather than becoming -0 (argsortAscending treats them alike anyway).
  for (let i = 0; i < keys.length; i++) negated[i] = 0 - keys[i]!;
  return argsortAscending(negated);
}

/**
 * Indices by increasing key, equal keys in index order, for small non-negative integer keys below
 * `levels` (ranks of values already sorted once): a counting sort, one pass to count and one to place.
 */
export function argsortRanks(keys: Uint32Array, levels: number): Uint32Array {
  const starts = new Uint32Array(levels + 1);
  for (let i = 0; i < keys.length; i++) starts[keys[i]! + 1]!++;
  for (let r = 1; r <= levels; r++) starts[r]! += starts[r - 1]!;
  const order = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i++) order[starts[keys[i]!]!++] = i;
  return order;
}
