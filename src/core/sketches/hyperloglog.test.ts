import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HyperLogLog } from './hyperloglog.ts';
import { mulberry32 } from './testing/random-data.ts';

function sketchOf(values: readonly number[], precision = 12): HyperLogLog {
  const hll = new HyperLogLog(precision);
  for (const x of values) hll.addNumber(x);
  return hll;
}

describe('HyperLogLog', () => {
  it('estimates distinct counts within 4 standard errors at several cardinalities', () => {
    for (const precision of [10, 12, 14]) {
      const se = HyperLogLog.relativeStandardError(precision);
      for (const cardinality of [1, 10, 100, 1000, 10000, 100000, 300000]) {
        const hll = new HyperLogLog(precision);
        // Each distinct value twice, so duplicates are exercised.
        for (let i = 0; i < cardinality; i++) hll.addNumber(i * 1.5 + 0.25);
        for (let i = 0; i < cardinality; i++) hll.addNumber(i * 1.5 + 0.25);
        const relative = Math.abs(hll.estimate() - cardinality) / cardinality;
        expect(relative, `p=${precision} n=${cardinality}`).toBeLessThanOrEqual(4 * se);
      }
    }
  });

  it('estimates string cardinalities too, and 0 when empty', () => {
    expect(new HyperLogLog().estimate()).toBe(0);
    const hll = new HyperLogLog();
    for (let i = 0; i < 50000; i++) hll.addString(`customer-${i % 20000}`);
    expect(Math.abs(hll.estimate() - 20000) / 20000).toBeLessThanOrEqual(4 * HyperLogLog.relativeStandardError(12));
  });

  it('states 1.04 / sqrt(m) as its standard error', () => {
    expect(HyperLogLog.relativeStandardError(12)).toBeCloseTo(1.04 / 64, 12);
  });

  it('counts 0 and -0, 1 and 1.0 as one value each', () => {
    const hll = sketchOf([0, -0, 1, 1.0]);
    expect(Math.round(hll.estimate())).toBe(2);
  });

  it('merges the sketches of parts into exactly the sketch of the whole', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 300 }), { minLength: 1, maxLength: 5 }), (parts) => {
        const merged = new HyperLogLog(8);
        for (const part of parts) merged.merge(sketchOf(part, 8));
        expect(merged.registers).toEqual(sketchOf(parts.flat(), 8).registers);
      }),
    );
  });

  it('merges commutatively and associatively (exactly)', () => {
    const random = mulberry32(3);
    const parts = [0, 1, 2].map(() => sketchOf(Array.from({ length: 3000 }, () => Math.floor(random() * 1e6))));
    const [a, b, c] = parts as [HyperLogLog, HyperLogLog, HyperLogLog];
    expect(a.clone().merge(b).registers).toEqual(b.clone().merge(a).registers);
    expect(a.clone().merge(b).merge(c).registers).toEqual(a.clone().merge(b.clone().merge(c)).registers);
  });

  it('refuses to merge different precisions and to build an out-of-range one', () => {
    expect(() => new HyperLogLog(12).merge(new HyperLogLog(11))).toThrow(RangeError);
    expect(() => new HyperLogLog(3)).toThrow(RangeError);
    expect(() => new HyperLogLog(17)).toThrow(RangeError);
  });

  it('round-trips through JSON', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true })), fc.integer({ min: 4, max: 16 }), (values, precision) => {
        const hll = sketchOf(values, precision);
        const text = JSON.stringify(hll);
        expect(text).not.toMatch(/NaN|Infinity/);
        const back = HyperLogLog.fromJSON(JSON.parse(text));
        expect(back.registers).toEqual(hll.registers);
        expect(back.estimate()).toBe(hll.estimate());
      }),
      { numRuns: 30 },
    );
    expect(() => HyperLogLog.fromJSON({ precision: 4, registers: '0'.repeat(15) })).toThrow(RangeError);
  });
});
