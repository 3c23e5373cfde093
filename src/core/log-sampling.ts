/**
 * Which predictions a deployment with a log sample rate below 1 keeps in its prediction log.
 *
 * The choice is a pure function of the prediction id, so it is reproducible: anyone holding the id
 * and the rate (a replay, an audit, a test) gets the same answer, and no random source has to be
 * threaded through the serving path. The whole id is hashed, not only a ULID's random part: a
 * monotonic generator only increments the random part within a millisecond, and a generator with
 * poor randomness repeats it across milliseconds; hashing the time too keeps both spread out.
 */

const TWO_TO_32 = 2 ** 32;

/** True when the prediction `id` belongs to the logged sample at `rate` (in (0, 1]; 1 logs all). */
export function isSampledForLog(id: string, rate: number): boolean {
  if (rate >= 1) return true;
  return sampleKey(id) < rate;
}

/**
 * A number in [0, 1) that is uniform over random ids. A prediction logged at rate r is logged at
 * every rate above r too, so raising the rate only adds rows to the sample.
 */
export function sampleKey(id: string): number {
  // FNV-1a over the characters, then murmur3's finaliser so that ids differing in one character
  // land far apart (FNV alone spreads a last-character change poorly into the high bits).
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / TWO_TO_32;
}
