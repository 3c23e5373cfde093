import { describe, expect, it } from 'vitest';
import type { DeploymentRouting, RolloutState } from './deployment-routing.ts';
import { fnv1a32, isCandidateBucket, routePlan, routeRows, stickyBucket, stickyValue } from './route-request.ts';

function rollout(patch: Partial<RolloutState>): DeploymentRouting {
  return {
    rollout: {
      id: 'rollout-1',
      strategy: 'canary',
      candidateVersionId: 'v2',
      status: 'progressing',
      steps: [10, 25, 50, 100],
      stepIndex: 1,
      stepStartedAt: '2026-12-01T00:00:00.000Z',
      stepDurationMs: 600_000,
      weight: 25,
      stickyKey: null,
      gateRules: [],
      keepPreviousMs: 0,
      switchedAt: null,
      previousVersionId: null,
      startedAt: '2026-12-01T00:00:00.000Z',
      startedBy: 'tester',
      ...patch,
    },
  };
}

const noHeader = () => undefined;

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32 vectors and hashes the UTF-8 bytes (values from Python over str.encode("utf-8"))', () => {
    expect(fnv1a32('')).toBe(2166136261);
    expect(fnv1a32('a')).toBe(3826002220);
    expect(fnv1a32('foobar')).toBe(3214735720);
    expect(fnv1a32('é')).toBe(513665217);
    expect(fnv1a32('日本')).toBe(2670128721);
    expect(fnv1a32('😀')).toBe(866293256);
  });

  it('puts a key in a bucket salted by the rollout id', () => {
    expect(stickyBucket('rollout-1', 'applicant-42')).toBe(7629);
    expect(stickyBucket('rollout-2', 'applicant-42')).not.toBe(7629);
  });
});

describe('routePlan', () => {
  it('gives each strategy its roles', () => {
    expect(routePlan('v1', {})).toEqual({ stable: { versionId: 'v1', role: 'stable' }, stickyKey: null });
    expect(routePlan('v1', rollout({})).candidate).toEqual({ versionId: 'v2', role: 'canary', weight: 25, salt: 'rollout-1' });
    expect(routePlan('v1', rollout({ strategy: 'ab', weight: 50 })).candidate?.role).toBe('variant');
    // Paused keeps its weight.
    expect(routePlan('v1', rollout({ status: 'paused' })).candidate?.weight).toBe(25);
    // Blue/green: nothing to green before the switch; after it green is the version and answers as green.
    const ready = routePlan('v1', rollout({ strategy: 'blue-green', status: 'ready', weight: 0, steps: [] }));
    expect(ready).toEqual({ stable: { versionId: 'v1', role: 'stable' }, stickyKey: null });
    const switched = routePlan('v2', rollout({ strategy: 'blue-green', status: 'switched', previousVersionId: 'v1' }));
    expect(switched).toEqual({ stable: { versionId: 'v2', role: 'green' }, stickyKey: null });
  });
});

describe('routeRows', () => {
  it('routes a field key per row, the same key always the same way, and counts rows without one', () => {
    const plan = routePlan('v1', rollout({ stickyKey: { kind: 'field', name: 'applicant_id' } }));
    const rows = Array.from({ length: 4000 }, (_, i) => ({ applicant_id: `a-${i}` }));
    const first = routeRows(plan, rows, noHeader, () => 0);
    const again = routeRows(plan, rows, noHeader, () => 9999);
    expect(first.rowTarget).toEqual(again.rowTarget);
    expect(first.keyMissing).toBe(0);
    const share = first.rowTarget.reduce((n, t) => n + t, 0) / rows.length;
    // 4,000 keys, p = 0.25: one standard deviation is 0.68 points; ±2.5 points is over 3.5 of them.
    expect(Math.abs(share - 0.25)).toBeLessThan(0.025);
    for (const [i, row] of rows.entries()) {
      expect(first.rowTarget[i]).toBe(stickyBucket('rollout-1', row.applicant_id) < 2500 ? 1 : 0);
    }
    const mixed = routeRows(plan, [{ applicant_id: '' }, { applicant_id: null }, {}, { applicant_id: 7 }], noHeader, () => 0);
    expect(mixed.keyMissing).toBe(3);
    expect([...mixed.rowTarget.slice(0, 3)]).toEqual([1, 1, 1]);
  });

  it('never moves a key back to stable as the weight rises', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => ({ id: i }));
    let previous: Uint8Array | undefined;
    for (const weight of [10, 25, 50, 100]) {
      const plan = routePlan('v1', rollout({ weight, stickyKey: { kind: 'field', name: 'id' } }));
      const { rowTarget } = routeRows(plan, rows, noHeader, () => 0);
      if (previous) previous.forEach((t, i) => t === 1 && expect(rowTarget[i]).toBe(1));
      previous = rowTarget;
    }
    expect(previous!.every((t) => t === 1)).toBe(true);
  });

  it('routes the whole request by a header key, falling back to one random draw when it is absent', () => {
    const plan = routePlan('v1', rollout({ weight: 50, stickyKey: { kind: 'header', name: 'x-user-id' } }));
    const rows = [{}, {}, {}];
    const byHeader = routeRows(
      plan,
      rows,
      (name) => (name === 'x-user-id' ? 'user-7' : undefined),
      () => 0,
    );
    const expected = stickyBucket('rollout-1', 'user-7') < 5000 ? 1 : 0;
    expect([...byHeader.rowTarget]).toEqual([expected, expected, expected]);
    expect(byHeader.keyMissing).toBe(0);
    let draws = 0;
    const missing = routeRows(plan, rows, noHeader, () => (draws++, 4999));
    expect([...missing.rowTarget]).toEqual([1, 1, 1]);
    expect([missing.keyMissing, draws]).toEqual([1, 1]);
  });

  it('routes at random per request without a key, and sends nothing to a candidate at weight 0', () => {
    const plan = routePlan('v1', rollout({ weight: 25 }));
    expect([...routeRows(plan, [{}, {}], noHeader, () => 2499).rowTarget]).toEqual([1, 1]);
    expect([...routeRows(plan, [{}, {}], noHeader, () => 2500).rowTarget]).toEqual([0, 0]);
    expect(routeRows(plan, [{}], noHeader, () => 0).keyMissing).toBe(0);
    const none = routeRows(routePlan('v1', rollout({ weight: 0 })), [{}], noHeader, () => 0);
    expect(none.targets).toHaveLength(1);
    expect([...none.rowTarget]).toEqual([0]);
  });

  it('reads scalars as keys and refuses objects', () => {
    expect([stickyValue('x'), stickyValue(3), stickyValue(true), stickyValue(''), stickyValue({}), stickyValue(Number.NaN)]).toEqual([
      'x',
      '3',
      'true',
      undefined,
      undefined,
      undefined,
    ]);
    expect([isCandidateBucket(2499, 25), isCandidateBucket(2500, 25), isCandidateBucket(0, 0)]).toEqual([true, false, false]);
  });
});
