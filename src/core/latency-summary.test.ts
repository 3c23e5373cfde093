import { describe, expect, it } from 'vitest';
import { summarizeLatencies } from './latency-summary.ts';

describe('summarizeLatencies', () => {
  it('gives nearest-rank percentiles and the mean, whatever the order', () => {
    const latencies = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1
    expect(summarizeLatencies(latencies)).toEqual({ count: 100, p50Ms: 50, p99Ms: 99, meanMs: 50.5 });
  });

  it('takes the slowest as the p99 of a few, and ignores values that are not numbers', () => {
    expect(summarizeLatencies([2, 1, 9, Number.NaN])).toEqual({ count: 3, p50Ms: 2, p99Ms: 9, meanMs: 4 });
    expect(summarizeLatencies([0.4])).toEqual({ count: 1, p50Ms: 0.4, p99Ms: 0.4, meanMs: 0.4 });
  });

  it('has nothing to say of no predictions', () => {
    expect(summarizeLatencies([])).toBeNull();
  });
});
