import { describe, expect, it } from 'vitest';
import { byteCount } from './artifact-limit-option.ts';

describe('byteCount', () => {
  it('reads whole numbers and binary units', () => {
    expect(byteCount('1000')).toBe(1000);
    expect(byteCount('512MiB')).toBe(512 * 1024 ** 2);
    expect(byteCount('2g')).toBe(2 * 1024 ** 3);
  });

  it('refuses anything else', () => {
    for (const text of ['', '0', '-1', '1.5', '2 TB', 'lots']) expect(() => byteCount(text), text).toThrow(/not a positive byte count/);
  });
});
