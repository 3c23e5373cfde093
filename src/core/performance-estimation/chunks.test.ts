import { describe, expect, it } from 'vitest';
import { chunkRanges } from './chunks.ts';

describe('chunkRanges', () => {
  it('cuts fixed-size chunks and keeps a shorter last one, as NannyML does', () => {
    expect(chunkRanges(7, { size: 3 })).toEqual([
      { start: 0, end: 2 },
      { start: 3, end: 5 },
      { start: 6, end: 6 },
    ]);
  });

  it('cuts exactly `count` chunks, the remainder going to the last one', () => {
    expect(chunkRanges(10, { count: 3 })).toEqual([
      { start: 0, end: 2 },
      { start: 3, end: 5 },
      { start: 6, end: 9 },
    ]);
  });

  it('refuses more chunks than rows', () => {
    expect(() => chunkRanges(2, { count: 3 })).toThrow(/cannot cut 2 rows into 3 chunks/);
  });
});
