import fc from 'fast-check';
import { monotonicFactory, ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { isSampledForLog, sampleKey } from './log-sampling.ts';

describe('isSampledForLog', () => {
  it('logs every id at rate 1', () => {
    fc.assert(fc.property(fc.string(), (id) => isSampledForLog(id, 1)));
  });

  it('gives the same answer for the same id, and keeps at a higher rate what it keeps at a lower one', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (id, a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(isSampledForLog(id, low)).toBe(isSampledForLog(id, low));
          if (isSampledForLog(id, low)) expect(isSampledForLog(id, high)).toBe(true);
        },
      ),
    );
  });

  it('keeps close to the rate of ids made in one millisecond by a monotonic generator', () => {
    // Monotonic ULIDs of one millisecond differ only in the last characters of their random part:
    // the worst case for a weak hash.
    const next = monotonicFactory(() => 0.5);
    const ids = Array.from({ length: 20_000 }, () => next(1_700_000_000_000));
    for (const rate of [0.01, 0.1, 0.5, 0.9]) {
      const kept = ids.filter((id) => isSampledForLog(id, rate)).length;
      // Binomial standard deviation is at most 71 rows here; 5 of them is a wide, still meaningful margin.
      expect(Math.abs(kept - rate * ids.length)).toBeLessThan(5 * Math.sqrt(ids.length * rate * (1 - rate)) + 1);
    }
  });

  it('spreads ids that differ only in their time, as a generator with a fixed random part makes', () => {
    const fixed = monotonicFactory(() => 0.5);
    const ids = Array.from({ length: 20_000 }, (_, i) => fixed(1_700_000_000_000 + i * 7));
    expect(new Set(ids.map((id) => id.slice(10))).size).toBe(1);
    const kept = ids.filter((id) => isSampledForLog(id, 0.3)).length;
    expect(Math.abs(kept - 6000)).toBeLessThan(5 * Math.sqrt(20_000 * 0.3 * 0.7));
  });

  it('spreads keys uniformly over [0, 1)', () => {
    const keys = Array.from({ length: 10_000 }, () => sampleKey(ulid()));
    expect(keys.every((k) => k >= 0 && k < 1)).toBe(true);
    const bins = new Array<number>(10).fill(0);
    for (const k of keys) bins[Math.floor(k * 10)]!++;
    // Each decile expects 1000 (sd 30).
    for (const count of bins) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });
});
