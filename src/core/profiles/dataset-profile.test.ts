import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CategoricalProfile } from './categorical-profile.ts';
import type { NumericProfile } from './numeric-profile.ts';
import { DatasetProfile } from './dataset-profile.ts';
import type { ProfileSchema } from './profile-schema.ts';

const SCHEMA: ProfileSchema = {
  columns: [
    { name: 'income', kind: 'numeric', edges: [10, 20, 30], range: [0, 40] },
    { name: 'city', kind: 'categorical' },
  ],
};

const row = fc.record({
  income: fc.oneof(fc.double({ min: -10, max: 60, noNaN: true }), fc.constant(null), fc.constant('n/a'), fc.constant('12.5')),
  city: fc.oneof(fc.constantFrom('Oslo', 'Lima', 'Pune', 'Kyiv'), fc.constant(null), fc.integer({ min: 0, max: 3 })),
});

function profileOf(rows: readonly Record<string, unknown>[], start = 0): DatasetProfile {
  const profile = new DatasetProfile(SCHEMA);
  rows.forEach((r, i) => profile.addRecord(r, ((start + i) * 0.618033988749895) % 1));
  return profile;
}

/** The parts of a profile that merge exactly (sketches with a stated error are checked in their own tests). */
function exactParts(profile: DatasetProfile) {
  const income = profile.column('income') as NumericProfile;
  const city = profile.column('city') as CategoricalProfile;
  return {
    rows: profile.rows,
    income: {
      rows: income.rows,
      missing: income.missing,
      invalid: income.invalid,
      below: income.belowRange,
      above: income.aboveRange,
      count: income.count,
      min: income.moments.min,
      max: income.moments.max,
      histogram: Array.from(income.histogram!.counts),
      quantileWeight: income.quantiles.count,
      distinct: income.distinct.toJSON(),
      sample: new Set(income.sample.values()),
    },
    city: {
      rows: city.rows,
      missing: city.missing,
      counts: city.categories.entries(),
      distinct: city.distinct.toJSON(),
      sample: new Set(city.sample.values()),
    },
  };
}

describe('DatasetProfile', () => {
  it('the merge of the profiles of two parts is the profile of the whole, in either order', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), fc.array(row, { maxLength: 60 }), (a, b) => {
        const whole = profileOf([...a, ...b]);
        const ab = profileOf(a).merge(profileOf(b, a.length));
        const ba = profileOf(b, a.length).merge(profileOf(a));
        expect(exactParts(ab)).toEqual(exactParts(whole));
        expect(exactParts(ba)).toEqual(exactParts(whole));
        const income = (p: DatasetProfile) => (p.column('income') as NumericProfile).moments;
        expect(income(ab).mean).toBeCloseTo(income(whole).mean, 9);
        expect(income(ab).variance).toBeCloseTo(income(whole).variance, 6);
      }),
      { numRuns: 150 },
    );
  });

  it('counts missing values, text in a numeric column, infinities and out-of-range values apart', () => {
    const profile = profileOf([
      { income: 5 },
      { income: null },
      { income: 'NA' },
      { income: 'abc' },
      { income: 'inf' },
      { income: 99 },
      { income: -1 },
      {},
    ]);
    const income = profile.column('income') as NumericProfile;
    expect({ rows: income.rows, missing: income.missing, invalid: income.invalid, infinite: income.infinite, count: income.count }).toEqual(
      { rows: 8, missing: 3, invalid: 1, infinite: 1, count: 3 },
    );
    expect([income.belowRange, income.aboveRange]).toEqual([1, 1]);
    expect(Array.from(income.histogram!.counts)).toEqual([2, 0, 0, 1]);
  });

  it('reads categories as text, so 1 and "1" are one category', () => {
    const profile = profileOf([{ city: 1 }, { city: '1' }, { city: 'Oslo' }, { city: '' }]);
    const city = profile.column('city') as CategoricalProfile;
    expect(city.categories.entries()).toEqual([
      ['1', 2],
      ['Oslo', 1],
    ]);
    expect(city.missing).toBe(1);
  });

  it('survives a JSON round trip without NaN or Infinity in the text', () => {
    const profile = profileOf([
      { income: 1, city: 'Oslo' },
      { income: 'x', city: null },
    ]);
    const empty = new DatasetProfile(SCHEMA);
    for (const p of [profile, empty]) {
      const text = JSON.stringify(p);
      expect(text).not.toMatch(/NaN|Infinity/);
      expect(JSON.stringify(DatasetProfile.fromJSON(JSON.parse(text)))).toBe(text);
    }
  });

  it('refuses to merge profiles of different schemas', () => {
    const other = new DatasetProfile({ columns: [{ name: 'income', kind: 'numeric', edges: [1, 2] }] });
    expect(() => new DatasetProfile(SCHEMA).merge(other)).toThrow(/different schemas/);
  });

  it('keeps a column profile small whatever the row count', () => {
    const profile = new DatasetProfile(SCHEMA);
    for (let i = 0; i < 200_000; i++) profile.addRecord({ income: (i * 7919) % 1000, city: `c${i % 5000}` }, (i * 0.618033988749895) % 1);
    const bytes = (name: string) => JSON.stringify(profile.column(name)!.toJSON()).length;
    // Serialised size bounds what a stored window costs; the sample holds at most 128 values.
    expect(bytes('income')).toBeLessThan(32 * 1024);
    expect(bytes('city')).toBeLessThan(32 * 1024);
    expect((profile.column('city') as CategoricalProfile).categories.exhausted).toBe(true);
  });
});
