import { describe, expect, it } from 'vitest';
import { hashText } from './text-hash.ts';

describe('hashText', () => {
  it('is a safe integer that depends on every character and on the seed', () => {
    const hash = hashText('customer-000123');
    expect(Number.isSafeInteger(hash)).toBe(true);
    expect(hashText('customer-000123')).toBe(hash);
    expect(hashText('customer-000124')).not.toBe(hash);
    expect(hashText('customer-000123', 1)).not.toBe(hash);
    expect(hashText('')).not.toBe(hashText('\u0000'));
  });

  it('gives distinct values to a hundred thousand distinct keys', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) seen.add(hashText(`id-${i}`));
    expect(seen.size).toBe(100_000);
  });
});
