import { describe, expect, it } from 'vitest';
import type { RolloutState } from './deployment-routing.ts';
import { ANALYSIS_GRACE_MS, rolloutDue } from './gate-schedule.ts';

const MINUTE = 60_000;
const T = Date.parse('2026-12-07T10:00:00.000Z');
const at = (ms: number) => new Date(T + ms);
const iso = (ms: number) => at(ms).toISOString();

const canary = (overrides: Partial<RolloutState> = {}): RolloutState => ({
  id: 'R1',
  strategy: 'canary',
  candidateVersionId: 'v2',
  status: 'progressing',
  steps: [10, 50, 100],
  stepIndex: 0,
  stepStartedAt: iso(20_000),
  stepDurationMs: 10 * MINUTE,
  weight: 10,
  stickyKey: null,
  gateRules: [],
  keepPreviousMs: 30 * MINUTE,
  switchedAt: null,
  previousVersionId: null,
  startedAt: iso(20_000),
  startedBy: 'ann',
  ...overrides,
});

describe('rolloutDue', () => {
  it('analyses a canary step once it ended and the grace passed, on whole base windows from the start rounded up', () => {
    const end = 20_000 + 10 * MINUTE;
    expect(rolloutDue(canary(), at(end + ANALYSIS_GRACE_MS - 1), MINUTE, undefined).kind).toBe('none');
    expect(rolloutDue(canary(), at(end + ANALYSIS_GRACE_MS), MINUTE, undefined)).toEqual({
      kind: 'analyse',
      window: { start: iso(MINUTE), end: iso(10 * MINUTE) },
    });
  });

  it('re-analyses an inconclusive step at most once a minute, on the window grown to the newest closed base window', () => {
    const now = 20_000 + 13 * MINUTE;
    expect(rolloutDue(canary(), at(now), MINUTE, iso(now - 30_000)).kind).toBe('none');
    expect(rolloutDue(canary(), at(now), MINUTE, iso(now - MINUTE))).toEqual({
      kind: 'analyse',
      window: { start: iso(MINUTE), end: iso(13 * MINUTE) },
    });
  });

  it('holds a step shorter than a base window until its first whole window closed', () => {
    const short = canary({ stepDurationMs: 5_000 });
    expect(rolloutDue(short, at(80_000), MINUTE, undefined).kind).toBe('none');
    expect(rolloutDue(short, at(2 * MINUTE + ANALYSIS_GRACE_MS), MINUTE, undefined)).toEqual({
      kind: 'analyse',
      window: { start: iso(MINUTE), end: iso(2 * MINUTE) },
    });
  });

  it('does nothing for a paused canary, an A/B test or a blue/green not yet switched', () => {
    const late = at(DAY);
    expect(rolloutDue(canary({ status: 'paused' }), late, MINUTE, undefined).kind).toBe('none');
    expect(rolloutDue(canary({ strategy: 'ab', steps: [50], weight: 50 }), late, MINUTE, undefined).kind).toBe('none');
    expect(rolloutDue(canary({ strategy: 'blue-green', status: 'ready', steps: [], weight: 0 }), late, MINUTE, undefined).kind).toBe(
      'none',
    );
  });

  it('finishes a switched blue/green once blue was kept loaded for keep-previous', () => {
    const switched = canary({
      strategy: 'blue-green',
      status: 'switched',
      steps: [],
      weight: 0,
      switchedAt: iso(0),
      previousVersionId: 'v1',
    });
    expect(rolloutDue(switched, at(30 * MINUTE - 1), MINUTE, undefined).kind).toBe('none');
    expect(rolloutDue(switched, at(30 * MINUTE), MINUTE, undefined)).toEqual({ kind: 'finish' });
  });
});

const DAY = 86_400_000;
