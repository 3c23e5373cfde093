import { describe, expect, it } from 'vitest';
import { deriveLimitations, IMPORTANT_RANK, OFTEN_FAILING_SHARE } from './derived-limitations.ts';

describe('deriveLimitations', () => {
  it('counts a contract rule as often failing from 1% of the rows served, and never without a share', () => {
    const v = (share: number | null) => ({ deployment: 'd', column: 'c', code: 'below_min', count: 1, share });
    expect(deriveLimitations([], [], [v(OFTEN_FAILING_SHARE)], false)).toHaveLength(1);
    expect(deriveLimitations([], [], [v(OFTEN_FAILING_SHARE / 2), v(null)], false)).toEqual([]);
  });

  it('counts a drifted input as important down to rank IMPORTANT_RANK when importance is known', () => {
    const window = (rank: number) => ({
      deployment: 'd',
      start: 's',
      end: 'e',
      rows: 1,
      drifted: true,
      drifted_share: 1,
      columns: 1,
      drifted_columns: [{ name: 'x', effect_size: 0.5, effect_size_name: 'psi', importance_rank: rank }],
    });
    expect(deriveLimitations([], [window(IMPORTANT_RANK)], [], true)).toHaveLength(1);
    expect(deriveLimitations([], [window(IMPORTANT_RANK + 1)], [], true)).toEqual([]);
  });
});
