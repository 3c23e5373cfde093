import { describe, expect, it } from 'vitest';
import type { DeploymentOverview } from '../api/types.ts';
import { formatTime } from './format.ts';
import { driftGlance, formatShare, healthGlance, latencyGlance } from './overview-format.ts';

const base: DeploymentOverview = {
  name: 'credit',
  model: { name: 'credit', version: 1 },
  revision: 1,
  updated_at: '2026-11-25T10:00:00.000Z',
  serving: true,
  requests: null,
  latency: null,
  drift: null,
};

describe('formatShare', () => {
  it('keeps a decimal for small shares and never rounds a few errors to zero', () => {
    expect(formatShare(0)).toBe('0 %');
    expect(formatShare(0.004)).toBe('0.4 %');
    expect(formatShare(0.0004)).toBe('< 0.1 %');
    expect(formatShare(0.125)).toBe('13 %');
    expect(formatShare(1)).toBe('100 %');
  });
});

describe('healthGlance', () => {
  it('says a deployment the server has not loaded is not served', () => {
    expect(healthGlance({ ...base, serving: false })).toMatchObject({ tone: 'bad', label: 'not loaded' });
  });

  it('gives the error rate of the requests since the server started, and warns from 1 %', () => {
    expect(healthGlance({ ...base, requests: { answered: 0, failed: 0, error_rate: null } })).toEqual({
      tone: 'good',
      label: 'serving',
      detail: 'no requests since the server started',
    });
    expect(healthGlance({ ...base, requests: { answered: 995, failed: 5, error_rate: 0.005 } })).toEqual({
      tone: 'good',
      label: 'serving',
      detail: '0.5 % errors of 1,000 requests since the server started',
    });
    expect(healthGlance({ ...base, requests: { answered: 9, failed: 1, error_rate: 0.1 } })).toMatchObject({
      tone: 'warn',
      detail: '10 % errors of 10 requests since the server started',
    });
  });
});

describe('latencyGlance', () => {
  it('gives p50 and p99 and how many logged predictions they are taken over', () => {
    const since = '2026-11-25T09:00:00.000Z';
    expect(latencyGlance({ ...base, latency: { since, predictions: 1, p50_ms: 0.42, p99_ms: 12.5, mean_ms: 1 } })).toEqual({
      tone: 'neutral',
      label: 'p50 0.42 ms · p99 12.5 ms',
      detail: `of 1 logged prediction since ${formatTime(since)}`,
    });
    expect(latencyGlance(base)).toMatchObject({ tone: 'muted', label: 'no traffic' });
  });
});

describe('driftGlance', () => {
  const drift = {
    window_start: '2026-11-25T09:58:00.000Z',
    window_end: '2026-11-25T09:59:00.000Z',
    rows: 120,
    drifted: false,
    drifted_share: 0,
    drifted_columns: 0,
    columns: 16,
  };

  it('counts drifted columns of the latest compared window, toned by whether the window drifted', () => {
    expect(driftGlance({ ...base, drift })).toMatchObject({ tone: 'good', label: 'no column drifted' });
    expect(driftGlance({ ...base, drift: { ...drift, drifted_columns: 2, drifted_share: 0.125 } })).toEqual({
      tone: 'warn',
      label: '2 of 16 columns drifted (13 %)',
      detail: `in the latest compared window, from ${formatTime(drift.window_start)} (120 rows)`,
    });
    expect(driftGlance({ ...base, drift: { ...drift, drifted: true, drifted_columns: 12, drifted_share: 0.75 } })).toMatchObject({
      tone: 'bad',
      label: '12 of 16 columns drifted (75 %)',
    });
  });

  it('says when no window could be compared', () => {
    expect(driftGlance(base)).toMatchObject({ tone: 'muted', label: 'not compared' });
  });
});
