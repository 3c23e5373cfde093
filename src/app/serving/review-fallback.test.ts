import { describe, expect, it } from 'vitest';
import { fallbackRecord } from './review-fallback.ts';

const own = { label: 'yes', probabilities: [0.45, 0.55] };
const stable = { label: 'no', probabilities: [0.8, 0.2] };

describe('fallbackRecord', () => {
  it('abstains without scores, answers a label alone, or what stable says', () => {
    expect(fallbackRecord({ kind: 'abstain' }, own, undefined)).toEqual({ label: null });
    expect(fallbackRecord({ kind: 'abstain' }, { value: 3.5 }, undefined)).toEqual({ value: null });
    expect(fallbackRecord({ kind: 'label', value: 'no' }, own, undefined)).toEqual({ label: 'no' });
    expect(fallbackRecord({ kind: 'stable' }, own, stable)).toBe(stable);
    // Stable answered the row itself: its own record.
    expect(fallbackRecord({ kind: 'stable' }, own, undefined)).toBe(own);
  });
});
