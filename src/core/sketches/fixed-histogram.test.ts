import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import references from './fixtures/sketch-references.json' with { type: 'json' };
import { FixedHistogram } from './fixed-histogram.ts';

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const EDGES = [-10, -1, 0, 2.5, 100];

function histogramOf(values: readonly number[], edges = EDGES): FixedHistogram {
  const histogram = new FixedHistogram(edges);
  for (const x of values) histogram.add(x);
  return histogram;
}

describe('FixedHistogram', () => {
  for (const ref of references.histograms) {
    it(`bins like numpy.searchsorted(side="right") on ${ref.name}`, () => {
      const histogram = new FixedHistogram(ref.edges);
      ref.values.forEach((x, i) => {
        expect(FixedHistogram.binIndex(ref.edges, x)).toBe(ref.bin_index[i]);
        histogram.add(x);
      });
      expect(Array.from(histogram.counts)).toEqual(ref.counts);
      expect(histogram.total).toBe(ref.values.length);
    });
  }

  it('has open outer bins and left-closed inner bins', () => {
    const histogram = histogramOf([-1e300, -10, -9.99, 100, 1e300], EDGES);
    expect(Array.from(histogram.counts)).toEqual([1, 2, 0, 0, 0, 2]);
    expect(histogram.counts.length).toBe(EDGES.length + 1);
  });

  it('adds weights', () => {
    const histogram = new FixedHistogram([0]);
    histogram.add(-1, 2.5);
    histogram.add(1, 0.5);
    expect(Array.from(histogram.counts)).toEqual([2.5, 0.5]);
    expect(histogram.total).toBe(3);
  });

  it('rejects edges that are not finite and strictly increasing', () => {
    expect(() => new FixedHistogram([0, 0])).toThrow(RangeError);
    expect(() => new FixedHistogram([1, 0])).toThrow(RangeError);
    expect(() => new FixedHistogram([0, Number.POSITIVE_INFINITY])).toThrow(RangeError);
    expect(() => new FixedHistogram([Number.NaN])).toThrow(RangeError);
    expect(new FixedHistogram([]).counts.length).toBe(1);
  });

  it('merges the histograms of parts into exactly the histogram of the whole', () => {
    fc.assert(
      fc.property(fc.array(fc.array(finite, { maxLength: 50 }), { minLength: 1, maxLength: 5 }), (parts) => {
        const merged = new FixedHistogram(EDGES);
        for (const part of parts) merged.merge(histogramOf(part));
        const whole = histogramOf(parts.flat());
        expect(Array.from(merged.counts)).toEqual(Array.from(whole.counts));
        expect(merged.total).toBe(whole.total);
      }),
    );
  });

  it('merges commutatively and associatively', () => {
    fc.assert(
      fc.property(fc.array(finite), fc.array(finite), fc.array(finite), (a, b, c) => {
        const [ha, hb, hc] = [a, b, c].map((v) => histogramOf(v)) as [FixedHistogram, FixedHistogram, FixedHistogram];
        expect(ha.clone().merge(hb).toJSON()).toEqual(hb.clone().merge(ha).toJSON());
        expect(ha.clone().merge(hb).merge(hc).toJSON()).toEqual(ha.clone().merge(hb.clone().merge(hc)).toJSON());
      }),
    );
  });

  it('refuses to merge histograms on different edges', () => {
    expect(() => new FixedHistogram([0, 1]).merge(new FixedHistogram([0, 2]))).toThrow(RangeError);
  });

  it('round-trips through JSON', () => {
    fc.assert(
      fc.property(fc.array(finite), (values) => {
        const histogram = histogramOf(values);
        const text = JSON.stringify(histogram);
        expect(text).not.toMatch(/NaN|Infinity/);
        const back = FixedHistogram.fromJSON(JSON.parse(text));
        expect(back.toJSON()).toEqual(histogram.toJSON());
        expect(back.total).toBe(histogram.total);
      }),
    );
  });
});
