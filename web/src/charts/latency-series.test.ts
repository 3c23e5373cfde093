import { describe, expect, it } from 'vitest';
import type { Prediction } from '../api/types.ts';
import { latencySeries, niceCeiling, quantile, summarizeLatency } from './latency-series.ts';

function prediction(at: string, latencyMs: number): Prediction {
  return {
    id: at,
    at,
    deployment: 'credit',
    model: { name: 'credit', version: 1 },
    request_id: null,
    inputs: {},
    output: { value: 1 },
    latency_ms: latencyMs,
    violations: [],
  };
}

describe('latencySeries', () => {
  it('turns newest-first predictions into an ascending series in seconds', () => {
    const series = latencySeries([
      prediction('2025-01-01T00:00:02.500Z', 3),
      prediction('2025-01-01T00:00:01.000Z', 1),
      prediction('2025-01-01T00:00:02.000Z', 2),
    ]);
    const start = Date.parse('2025-01-01T00:00:00Z') / 1000;
    expect(series.times).toEqual([start + 1, start + 2, start + 2.5]);
    expect(series.latencies).toEqual([1, 2, 3]);
  });

  it('leaves out a record whose time cannot be read', () => {
    expect(latencySeries([prediction('not a time', 1)]).times).toEqual([]);
  });
});

describe('summarizeLatency', () => {
  it('matches numpy.percentile on a small sample', () => {
    // numpy.percentile([1, 2, 3, 4, 10], [50, 95]) == [3.0, 8.8]
    const summary = summarizeLatency([10, 1, 4, 3, 2]);
    expect(summary?.count).toBe(5);
    expect(summary?.p50).toBe(3);
    expect(summary?.p95).toBeCloseTo(8.8, 10);
    expect(summary?.max).toBe(10);
  });

  it('has nothing to say about no predictions', () => {
    expect(summarizeLatency([])).toBeUndefined();
  });

  it('gives the value itself for one value', () => {
    expect(quantile([4], 0.95)).toBe(4);
  });
});

describe('niceCeiling', () => {
  it('rounds up to 1, 2, 2.5 or 5 times a power of ten, with headroom', () => {
    expect(niceCeiling(0.42)).toBe(0.5);
    expect(niceCeiling(0.9)).toBe(1);
    expect(niceCeiling(1.9)).toBe(2.5);
    expect(niceCeiling(9.5)).toBe(20);
    expect(niceCeiling(9)).toBe(10);
    expect(niceCeiling(37)).toBe(50);
  });

  it('gives a unit scale when there is nothing to show', () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(Number.NaN)).toBe(1);
    expect(niceCeiling(-Infinity)).toBe(1);
  });
});
