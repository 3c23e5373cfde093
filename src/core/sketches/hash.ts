/**
 * Fast, well-mixed 32-bit hashes (MurmurHash3's x86 32-bit mixing) of a float64's bits and of a
 * string's UTF-16 code units. HyperLogLog takes its register index from the top bits and its rank
 * from the rest, so every output bit must depend on every input bit; a weak hash (FNV, a plain
 * multiply) skews the estimate on structured inputs such as consecutive integers.
 *
 * The hashes are persisted indirectly (HLL registers in stored profiles), so they must never change:
 * words are read little-endian through a DataView whatever the platform.
 */

const SCRATCH = new DataView(new ArrayBuffer(8));

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixWord(h: number, word: number): number {
  let k = Math.imul(word, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  let out = h ^ k;
  out = (out << 13) | (out >>> 19);
  return (Math.imul(out, 5) + 0xe6546b64) | 0;
}

function finalMix(h: number, byteLength: number): number {
  let out = h ^ byteLength;
  out ^= out >>> 16;
  out = Math.imul(out, 0x85ebca6b);
  out ^= out >>> 13;
  out = Math.imul(out, 0xc2b2ae35);
  out ^= out >>> 16;
  return out >>> 0;
}

/**
 * Hash of a number's value: 0 and -0 hash the same (they are the same value to a user), 1 and 1.0
 * are the same float64 anyway, and every NaN hashes the same.
 */
export function hashFloat64(x: number, seed = 0): number {
  SCRATCH.setFloat64(0, x === 0 ? 0 : x !== x ? Number.NaN : x, true);
  let h = mixWord(seed | 0, SCRATCH.getUint32(0, true));
  h = mixWord(h, SCRATCH.getUint32(4, true));
  return finalMix(h, 8);
}

/** Hash of a string, two UTF-16 code units per 32-bit word (no encoding step, no allocation). */
export function hashString(s: string, seed = 0): number {
  let h = seed | 0;
  const length = s.length;
  const pairs = length & ~1;
  for (let i = 0; i < pairs; i += 2) {
    h = mixWord(h, s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
  }
  if (pairs < length) {
    // The tail unit is mixed without the rotate/multiply step, as MurmurHash3 does for tail bytes.
    let k = Math.imul(s.charCodeAt(pairs), C1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, C2);
  }
  return finalMix(h, length * 2);
}
