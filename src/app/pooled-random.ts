import { randomFillSync } from 'node:crypto';

/**
 * A cryptographic random source for ULIDs that draws 4 KiB from the OS at a time. ulid's default
 * source calls crypto.getRandomValues once per character, about 30 µs per id on the serving path
 * (measured with bench/serving/profile-server.ts); this one costs well under a microsecond.
 */
export function pooledRandom(poolWords = 1024): () => number {
  const pool = new Uint32Array(poolWords);
  let next = poolWords;
  return () => {
    if (next === poolWords) {
      randomFillSync(pool);
      next = 0;
    }
    return pool[next++]! / 0x1_0000_0000;
  };
}
