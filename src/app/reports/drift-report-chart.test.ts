import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CATEGORY_BARS, chartData, renderDistributionChart, toProportions, yScale } from './drift-report-chart.ts';

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

describe('toProportions', () => {
  it('turns counts into shares, and an empty side into zeros', () => {
    expect(toProportions([1, 3])).toEqual([0.25, 0.75]);
    expect(toProportions([0, 0])).toEqual([0, 0]);
  });

  it('keeps shares summing to one whatever the counts', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 50 }), (counts) => {
        const shares = toProportions(counts);
        expect(shares.every((s) => s >= 0 && s <= 1)).toBe(true);
        if (sum(counts) > 0) expect(sum(shares)).toBeCloseTo(1, 9);
      }),
    );
  });
});

describe('chartData', () => {
  const labels = Array.from({ length: 45 }, (_, i) => `cat${i}`);
  const reference = labels.map((_, i) => 45 - i);
  const current = labels.map((_, i) => (i === 44 ? 500 : 45 - i));

  it(`merges categories beyond ${MAX_CATEGORY_BARS} into one bar but keeps one that grew`, () => {
    const data = chartData({ bins: [...labels, '(other)'], reference: [...reference, 10], current: [...current, 10] }, 'categorical');
    expect(data.bins).toHaveLength(MAX_CATEGORY_BARS);
    expect(data.bins.map((b) => b.label)).toContain('cat44');
    // 45 categories + "(other)": 29 drawn, the other 16 categories and "(other)" share the last bar.
    expect(data.merged).toBe(17);
    expect(data.bins.at(-1)!.label).toBe('(17 others)');
    expect(sum(data.bins.map((b) => b.reference))).toBeCloseTo(1, 9);
    expect(sum(data.bins.map((b) => b.current))).toBeCloseTo(1, 9);
  });

  it('never merges numeric bins (their order carries meaning)', () => {
    const bins = Array.from({ length: 40 }, (_, i) => `[${i}, ${i + 1})`);
    const data = chartData({ bins, edges: [], reference: bins.map(() => 1), current: bins.map(() => 2) }, 'numeric');
    expect(data.bins).toHaveLength(40);
    expect(data.merged).toBe(0);
  });
});

describe('renderDistributionChart', () => {
  it('draws shares, not counts, so unequal samples compare', () => {
    const svg = renderDistributionChart({ bins: ['a', 'b'], reference: [9000, 1000], current: [5, 5] }, 'categorical', 'c');
    expect(svg).toContain('90% → 50%');
    expect(svg).toContain('10% → 50%');
    expect(svg).not.toContain('9000');
  });

  it('marks categories new in the current data and gone from it', () => {
    const svg = renderDistributionChart({ bins: ['a', 'b', 'c'], reference: [5, 5, 0], current: [5, 0, 5] }, 'categorical', 'c');
    expect(svg).toContain('class="label new"');
    expect(svg).toContain('c (new)');
    expect(svg).toContain('b (gone)');
  });

  it('draws two bars per bin on a histogram and stays finite on an empty side', () => {
    const svg = renderDistributionChart(
      { bins: ['< 1', '[1, 2)', '>= 2'], edges: [1, 2], reference: [0, 0, 0], current: [1, 2, 3] },
      'numeric',
      'x',
    );
    expect(svg.match(/<rect class="ref" x=/g)).toHaveLength(3 + 1); // + the legend swatch
    expect(svg.match(/<rect class="cur" x=/g)).toHaveLength(3 + 1);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });
});

describe('yScale', () => {
  it('rounds the top of the axis up to a step with at most five gridlines', () => {
    expect(yScale(0.37)).toEqual({ max: 0.4, ticks: [0.1, 0.2, 0.3, 0.4] });
    expect(yScale(0.04)).toEqual({ max: 0.04, ticks: [0.01, 0.02, 0.03, 0.04] });
    expect(yScale(1).max).toBe(1);
    expect(yScale(0).max).toBeGreaterThan(0);
  });
});
