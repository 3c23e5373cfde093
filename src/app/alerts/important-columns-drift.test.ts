import { describe, expect, it } from 'vitest';
import type { RankedColumnDrift } from '../monitoring/importance-ranks.ts';
import { importantColumnsDrift } from './important-columns-drift.ts';

/** Only the fields the signal reads; the rest of a drift column does not matter to it. */
function column(name: string, rank: number | null, effect: number | null, drifted: boolean): RankedColumnDrift {
  return { name, importance_rank: rank, drifted, effect_size: { value: effect } } as unknown as RankedColumnDrift;
}

describe('importantColumnsDrift', () => {
  const columns = [
    column('a', 1, 0.4, true),
    column('b', 2, 0.05, false),
    column('c', 3, null, false), // not compared: left out
    column('d', 6, 0.9, true), // sixth: not among the five
    column('prediction.label', null, 0.7, true),
  ];

  it('reads the five most important compared columns: the share drifted and the largest effect', () => {
    expect(importantColumnsDrift('drift.important.share', columns)).toEqual({ value: 0.5 });
    expect(importantColumnsDrift('drift.important.max', columns)).toEqual({ value: 0.4 });
  });

  it('says why there is no value without importance, or when none of the five was compared', () => {
    expect(importantColumnsDrift('drift.important.share', [column('a', null, 0.4, true)])).toEqual({
      noData: expect.stringMatching(/^the version has no global importance/),
    });
    expect(importantColumnsDrift('drift.important.max', [column('c', 3, null, false), column('d', 6, 0.9, true)])).toEqual({
      noData: "none of the version's 5 most important columns could be compared in the window",
    });
  });
});
