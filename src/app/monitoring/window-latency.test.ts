import { describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import { KllSketch } from '../../core/sketches/kll.ts';
import { isServerFailure, latencyValue, newLatencySketch, windowLatency, type LatencyPart } from './window-latency.ts';

/** Latencies as services see them: a lognormal body around 3 ms with a slow tail. */
function latencies(n: number, seed: number): number[] {
  let state = seed >>> 0 || 1;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 4294967296;
  };
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const normal = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const slow = uniform() < 0.02 ? 40 * uniform() : 0;
    out.push(latencyValue(Math.exp(1.1 + 0.5 * normal) + slow)!);
  }
  return out;
}

/** The parts several processes would write for `values`, dealt round-robin, each sketch seeded on its own. */
function partsOf(values: readonly number[], processes: number, seed: number, errors: number | null = 0): LatencyPart[] {
  const sketches = Array.from({ length: processes }, (_, i) => newLatencySketch(seed * 31 + i));
  values.forEach((v, i) => sketches[i % processes]!.add(v));
  return sketches.map((s) => ({ latency: s.toJSON(), errors }));
}

/** How far the value's true rank range in `sorted` lies from q (0 when q falls inside it). */
function rankError(sorted: readonly number[], value: number, q: number): number {
  let below = 0;
  let atOrBelow = 0;
  for (const v of sorted) {
    if (v < value) below++;
    if (v <= value) atOrBelow++;
  }
  const lo = below / sorted.length;
  const hi = atOrBelow / sorted.length;
  return q < lo ? lo - q : q > hi ? q - hi : 0;
}

describe('window latency', () => {
  it('reports p50/p95/p99 of merged parts within the stated rank error of the exact percentiles, over many seeds', () => {
    const bound = KllSketch.rankErrorBound(400);
    expect(bound).toBeCloseTo(0.00825, 6);
    let worst = 0;
    for (let seed = 1; seed <= 25; seed++) {
      const values = latencies(30_000, seed);
      const sorted = [...values].sort((a, b) => a - b);
      const result = windowLatency(partsOf(values, 1 + (seed % 4), seed))!;
      for (const [q, value] of [
        [0.5, result.p50_ms],
        [0.95, result.p95_ms],
        [0.99, result.p99_ms],
      ] as const) {
        expect(value).not.toBeNull();
        worst = Math.max(worst, rankError(sorted, value!, q));
      }
    }
    expect(worst).toBeLessThanOrEqual(bound);
    // The bound is not vacuous: the sketch does compact at this size.
    expect(worst).toBeGreaterThan(0);
  });

  it('is exact, as numpy inverted_cdf percentiles, for a window of up to 400 requests', () => {
    const values = latencies(400, 9);
    const sorted = [...values].sort((a, b) => a - b);
    const exact = (q: number) => sorted[Math.ceil(q * sorted.length) - 1];
    expect(windowLatency(partsOf(values, 1, 9, 2))).toEqual({ p50_ms: exact(0.5), p95_ms: exact(0.95), p99_ms: exact(0.99), errors: 2 });
    // Split over three processes the merge is still under the sketch's size: still exact, errors summed.
    expect(windowLatency(partsOf(values, 3, 9, 2))).toEqual({ p50_ms: exact(0.5), p95_ms: exact(0.95), p99_ms: exact(0.99), errors: 6 });
  });

  it('says unknown rather than guessing when a part predates latency, or a rebuilt part cannot know its errors', () => {
    const [known] = partsOf([1, 2, 3, 4], 1, 1, 5);
    expect(windowLatency([])).toBeNull();
    // A part written before latency was kept: neither is known.
    expect(windowLatency([{}, { latency: null, errors: null }])).toBeNull();
    expect(windowLatency([known!, {}])).toBeNull();
    // A part rebuilt from the log: latency known, errors not.
    const rebuilt = { latency: known!.latency, errors: null };
    expect(windowLatency([known!, rebuilt])).toEqual({ p50_ms: 2, p95_ms: 4, p99_ms: 4, errors: null });
    // Failures only, no answered request: errors known, no percentiles.
    const failing = { latency: newLatencySketch(1).toJSON(), errors: 3 };
    expect(windowLatency([failing])).toEqual({ p50_ms: null, p95_ms: null, p99_ms: null, errors: 3 });
    // Errors known but one part's latency not: the percentiles of the rest would be partial.
    expect(windowLatency([known!, { latency: null, errors: 1 }])).toEqual({ p50_ms: null, p95_ms: null, p99_ms: null, errors: 6 });
  });

  it('rounds latencies to the microsecond and refuses what is not one', () => {
    expect(latencyValue(3.14159265)).toBe(3.142);
    expect(latencyValue(0)).toBe(0);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -1]) expect(latencyValue(bad)).toBeUndefined();
  });

  it("counts the server's failures (5xx, anything unexpected) and not the client's (4xx)", () => {
    expect(isServerFailure(new BallastError('unavailable', 'the log cannot be written'))).toBe(true);
    expect(isServerFailure(new BallastError('internal', 'boom'))).toBe(true);
    expect(isServerFailure(new Error('a worker died'))).toBe(true);
    expect(isServerFailure(new BallastError('contract_violation', 'age < 0'))).toBe(false);
    expect(isServerFailure(new BallastError('invalid_value', 'not a number'))).toBe(false);
    expect(isServerFailure(new BallastError('too_many_instances', '10001'))).toBe(false);
  });
});
