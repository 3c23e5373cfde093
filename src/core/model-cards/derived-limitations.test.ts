import { describe, expect, it } from 'vitest';
import { deriveLimitations, OFTEN_FAILING_SHARE } from './derived-limitations.ts';

describe('deriveLimitations', () => {
  it('counts a contract rule as often failing from 1% of the rows served, and never without a share', () => {
    const v = (share: number | null) => ({ deployment: 'd', column: 'c', code: 'below_min', count: 1, share });
    expect(deriveLimitations([], [], [v(OFTEN_FAILING_SHARE)], false)).toHaveLength(1);
    expect(deriveLimitations([], [], [v(OFTEN_FAILING_SHARE / 2), v(null)], false)).toEqual([]);
  });
});
