import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ColumnStatistics } from './column-statistics.ts';
import { DatasetStatistics } from './dataset-statistics.ts';
import { DatasetValidator } from './dataset-validator.ts';
import { inferContract } from './infer-contract.ts';
import { normal, sample, seeded, sources } from './testing/sample-distributions.ts';

// What an inferred range must respect whatever the data (issue 12): the sign of the values, their
// integrality, and the little a small sample can say about a tail. The concrete cases are columns
// of real data that got absurd bounds.

const runs = { numRuns: 200, seed: 20_261_206 };

function ruleOf(values: readonly number[]) {
  const column = new ColumnStatistics('x');
  for (const value of values) column.add(String(value));
  return inferContract([column]).columns.x!;
}

/** A column of `counts[i]` copies of `first + i`, in an order that is not sorted. */
function discrete(first: number, counts: readonly number[]): number[] {
  const values = counts.flatMap((count, i) => Array<number>(count).fill(first + i));
  return values
    .map((value, i) => [value, (i * 7919) % values.length] as const)
    .sort((a, b) => a[1] - b[1])
    .map(([value]) => value);
}

describe('inferred ranges on real columns that got absurd bounds', () => {
  it('a code 0/1/2 seen 25/37/27 times: [0, 4], not [-170, 190]', () => {
    expect(ruleOf(discrete(0, [25, 37, 27]))).toMatchObject({ type: 'integer', min: 0, max: 4 });
  });

  it('a 1-5 rating on 89 rows: never below 0 (was -24), and not far above 5', () => {
    const rule = ruleOf(discrete(1, [3, 8, 25, 33, 20]));
    expect(rule.min).toBeGreaterThanOrEqual(0);
    expect(rule.max).toBeLessThanOrEqual(9);
    // Flat, 89 rows: a 6 is still plausible (up to 3 in 89 unseen), so the bound steps out, by at most the range.
    expect(ruleOf(discrete(1, [18, 18, 18, 18, 17]))).toMatchObject({ min: 0, max: 9 });
  });

  it('a quantity never negative whose tail reaches far below zero gets a lower bound of 0', () => {
    // A normal measurement 3.5 standard deviations above zero: its fitted lower tail reached -1.4.
    const random = seeded(3);
    const values = Array.from({ length: 2000 }, () => 4 + normal(random));
    expect(Math.min(...values)).toBeGreaterThan(0);
    expect(ruleOf(values).min).toBe(0);
  });
});

describe('inferred ranges, for any data', () => {
  it('respect sign: never negative data gets no negative lower bound, never positive data no positive upper bound', () => {
    const values = fc.array(fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }), { minLength: 10, maxLength: 300 });
    fc.assert(
      fc.property(values, (xs) => {
        const rule = ruleOf(xs);
        if (rule.min !== undefined) expect(rule.min).toBeGreaterThanOrEqual(0);
        const negated = ruleOf(xs.map((x) => (x === 0 ? 0 : -x)));
        if (negated.max !== undefined) expect(negated.max).toBeLessThanOrEqual(0);
      }),
      runs,
    );
  });

  it('respect integrality and hold every value seen', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 10, maxLength: 300 }), (xs) => {
        const rule = ruleOf(xs);
        if (rule.min === undefined) return;
        expect(rule.type).toBe('integer');
        expect(Number.isInteger(rule.min) && Number.isInteger(rule.max)).toBe(true);
        expect(rule.min).toBeLessThanOrEqual(Math.min(...xs));
        expect(rule.max).toBeGreaterThanOrEqual(Math.max(...xs));
      }),
      runs,
    );
  });

  it('respect small samples: a column of a few small integers reaches at most its own range beyond it', () => {
    const counts = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 2, maxLength: 8 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), counts, (first, run) => {
        const xs = discrete(first, run);
        fc.pre(xs.length >= 10);
        const rule = ruleOf(xs);
        const range = run.length - 1;
        expect(rule.min).toBeGreaterThanOrEqual(Math.max(0, first - range));
        expect(rule.max).toBeLessThanOrEqual(first + 2 * range);
      }),
      runs,
    );
  });
});

describe('dataset rules inferred from a sample', () => {
  it('pass a larger sample of the same source: no duplicate-row share that grows with the size', () => {
    // Few distinct rows (a census of categories): the share of repeated rows rises with the rows read.
    const columns = {
      sex: sources.categorical(['F', 'M'], [1, 1]),
      band: sources.categorical(['<25', '25-44', '45-64', '65+'], [2, 4, 3, 1]),
      region: sources.categorical(['N', 'S', 'E', 'W', 'C'], [1, 1, 1, 1, 1]),
    };
    fc.assert(
      fc.property(fc.integer({ min: 50, max: 400 }), fc.integer({ min: 1, max: 2 ** 30 }), (n, seed) => {
        const training = new DatasetStatistics();
        training.addChunk(sample(columns, n, seed));
        const validator = new DatasetValidator(inferContract(training), { now: new Date(0) });
        validator.addChunk(sample(columns, 10 * n, seed + 1, n));
        expect(validator.finish().issues.filter((issue) => issue.code === 'duplicate_rows')).toEqual([]);
      }),
      { numRuns: 20, seed: 20_261_206 },
    );
  });
});
