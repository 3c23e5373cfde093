import { describe, expect, it } from 'vitest';
import { monotonicFactory } from 'ulid';
import { pooledRandom } from './pooled-random.ts';

describe('pooledRandom', () => {
  it('gives numbers in [0, 1) that refill across pool boundaries and are not constant', () => {
    const random = pooledRandom(8);
    const values = Array.from({ length: 100 }, random);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(90);
  });
  it('drives ulid to unique, increasing ids', () => {
    const newId = monotonicFactory(pooledRandom());
    const ids = Array.from({ length: 5000 }, () => newId());
    expect(new Set(ids).size).toBe(5000);
    expect([...ids].sort()).toEqual(ids);
  });
});
