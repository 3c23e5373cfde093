import { describe, expect, it } from 'vitest';
import { DEFAULT_DEPLOYMENT_CONFIG, type DeploymentRevision } from '../../core/serving-records.ts';
import { overlapsSampled, sampledLogPeriods } from './sampled-log-periods.ts';

const T = Date.parse('2026-11-25T10:00:00.000Z');
const revision = (n: number, atMs: number, logSampleRate: number): DeploymentRevision => ({
  revision: n,
  versionId: 'v1',
  modelName: 'credit',
  modelVersion: 1,
  config: { ...DEFAULT_DEPLOYMENT_CONFIG, logSampleRate },
  routing: {},
  actor: 'ann',
  at: new Date(atMs).toISOString(),
});

describe('sampledLogPeriods', () => {
  it('is empty for a deployment that always logged everything', () => {
    expect(sampledLogPeriods([revision(2, T + 60_000, 1), revision(1, T, 1)], 5000)).toEqual([]);
  });

  it('runs from a sampled revision to the next one plus the lag, and to the end of time for the current one, in any input order', () => {
    const revisions = [revision(4, T + 300_000, 0.5), revision(3, T + 200_000, 1), revision(2, T + 100_000, 0.1), revision(1, T, 1)];
    expect(sampledLogPeriods(revisions, 5000)).toEqual([
      [T + 100_000, T + 205_000],
      [T + 300_000, Number.POSITIVE_INFINITY],
    ]);
  });

  it('reads a revision without a rate (stored before it existed) as logging everything', () => {
    const old = { ...revision(1, T, 1), config: { maxBatchSize: 8, maxDelayMs: 1 } } as unknown as DeploymentRevision;
    expect(sampledLogPeriods([old], 0)).toEqual([]);
  });
});

describe('overlapsSampled', () => {
  const periods = sampledLogPeriods([revision(1, T, 1), revision(2, T + 90_000, 0.2), revision(3, T + 150_000, 1)], 10_000);
  it('finds windows that meet a period at any point, and only those', () => {
    const window = (startMs: number) => overlapsSampled(periods, T + startMs, T + startMs + 60_000);
    // The 10:01 window holds the change to 0.2 at 10:01:30; 10:02 ends sampled; 10:03 is within the lag (to 10:02:40) no more.
    expect([0, 60_000, 120_000, 180_000].map(window)).toEqual([false, true, true, false]);
    // Half-open: a window ending exactly where sampling starts, or starting where it ends, is unsampled.
    expect(overlapsSampled(periods, T + 30_000, T + 90_000)).toBe(false);
    expect(overlapsSampled(periods, T + 160_000, T + 220_000)).toBe(false);
    expect(overlapsSampled(periods, T + 159_999, T + 220_000)).toBe(true);
  });
});
