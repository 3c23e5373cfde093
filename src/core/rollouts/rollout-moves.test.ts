import { describe, expect, it } from 'vitest';
import type { RolloutState } from './deployment-routing.ts';
import { advanceMove, finishMove, rolloutMove, verbsFitting, type RoutedDeployment } from './rollout-moves.ts';

const NOW = '2026-11-25T12:00:00.000Z';

const canary = (overrides: Partial<RolloutState> = {}): RolloutState => ({
  id: 'r1',
  strategy: 'canary',
  candidateVersionId: 'v2',
  status: 'progressing',
  steps: [10, 50, 100],
  stepIndex: 0,
  stepStartedAt: '2026-11-25T11:00:00.000Z',
  stepDurationMs: 600_000,
  weight: 10,
  stickyKey: null,
  gateRules: [],
  keepPreviousMs: 1_800_000,
  switchedAt: null,
  previousVersionId: null,
  startedAt: '2026-11-25T11:00:00.000Z',
  startedBy: 'ops',
  ...overrides,
});
const blueGreen = (overrides: Partial<RolloutState> = {}) =>
  canary({ strategy: 'blue-green', status: 'ready', steps: [], weight: 0, ...overrides });
const on = (rollout: RolloutState | undefined, extra = {}): RoutedDeployment => ({
  name: 'credit-risk',
  versionId: 'v1',
  routing: {
    ...(rollout ? { rollout } : {}),
    review: { when: { kind: 'contract_flagged' }, whenText: 'contract_flagged', fallback: { kind: 'abstain' }, setAt: NOW, setBy: 'x' },
    ...extra,
  },
});

describe('rollout moves', () => {
  it('pauses holding the weight and resumes restarting the step, keeping the rest of the routing', () => {
    const paused = rolloutMove(on(canary({ stepIndex: 1, weight: 50 })), 'pause', NOW);
    expect(paused.versionId).toBeUndefined();
    expect(paused.outcome).toBeUndefined();
    expect(paused.routing.rollout).toMatchObject({ status: 'paused', weight: 50, stepStartedAt: '2026-11-25T11:00:00.000Z' });
    expect(paused.routing.review).toBeDefined();
    const resumed = rolloutMove(on(paused.routing.rollout), 'resume', NOW);
    expect(resumed.routing.rollout).toMatchObject({ status: 'progressing', weight: 50, stepStartedAt: NOW });
  });

  it('promotes the candidate to stable and aborts back to stable, each ending the rollout', () => {
    const promoted = rolloutMove(on(canary()), 'promote', NOW);
    expect(promoted).toMatchObject({ versionId: 'v2', outcome: 'promoted' });
    expect(promoted.routing.rollout).toBeUndefined();
    expect(promoted.routing.review).toBeDefined();
    const aborted = rolloutMove(on(canary({ status: 'paused' })), 'abort', NOW);
    expect(aborted.versionId).toBeUndefined();
    expect(aborted.outcome).toBe('aborted');
    expect(aborted.routing.rollout).toBeUndefined();
  });

  it('switches blue/green keeping blue loaded for keep-previous, and rolls back to blue letting it go from keepLoaded', () => {
    const switched = rolloutMove(on(blueGreen()), 'switch', NOW);
    expect(switched.versionId).toBe('v2');
    expect(switched.routing.rollout).toMatchObject({ status: 'switched', switchedAt: NOW, previousVersionId: 'v1' });
    expect(switched.routing.keepLoaded).toEqual([{ versionId: 'v1', until: '2026-11-25T12:30:00.000Z' }]);
    const green: RoutedDeployment = { name: 'credit-risk', versionId: 'v2', routing: switched.routing };
    const back = rolloutMove(green, 'rollback', '2026-11-25T12:05:00.000Z');
    expect(back).toMatchObject({ versionId: 'v1', outcome: 'rolled_back' });
    expect(back.routing.rollout).toBeUndefined();
    expect(back.routing.keepLoaded).toBeUndefined();
  });

  it('refuses a verb that does not fit the status, naming the status and what fits', () => {
    expect(() => rolloutMove(on(canary()), 'resume', NOW)).toThrow(
      expect.objectContaining({
        code: 'rollout_state_conflict',
        message: expect.stringContaining('it is progressing; what fits now: pause, promote, abort'),
      }),
    );
    expect(() => rolloutMove(on(canary()), 'switch', NOW)).toThrow(expect.objectContaining({ code: 'rollout_state_conflict' }));
    expect(() => rolloutMove(on(blueGreen()), 'rollback', NOW)).toThrow(expect.objectContaining({ code: 'rollout_state_conflict' }));
    expect(() => rolloutMove(on(blueGreen({ status: 'switched' })), 'abort', NOW)).toThrow(
      expect.objectContaining({ code: 'rollout_state_conflict' }),
    );
    expect(() => rolloutMove(on(undefined), 'abort', NOW)).toThrow(expect.objectContaining({ code: 'rollout_not_found' }));
    expect(verbsFitting(blueGreen({ status: 'switched' }))).toEqual(['rollback', 'promote']);
  });

  it('advances a canary step by step and promotes after the last; an A/B test only starts its next gate window', () => {
    const second = advanceMove(on(canary()), NOW);
    expect(second.routing.rollout).toMatchObject({ stepIndex: 1, weight: 50, stepStartedAt: NOW });
    const last = advanceMove(on(canary({ stepIndex: 2, weight: 100 })), NOW);
    expect(last).toMatchObject({ versionId: 'v2', outcome: 'promoted' });
    expect(last.routing.rollout).toBeUndefined();
    const ab = advanceMove(on(canary({ strategy: 'ab', steps: [30], weight: 30 })), NOW);
    expect(ab.outcome).toBeUndefined();
    expect(ab.routing.rollout).toMatchObject({ strategy: 'ab', weight: 30, stepIndex: 0, stepStartedAt: NOW });
    expect(() => advanceMove(on(canary({ status: 'paused' })), NOW)).toThrow(expect.objectContaining({ code: 'rollout_state_conflict' }));
  });

  it('finishes a switched blue/green only once keep-previous has passed, letting blue go', () => {
    const switched = blueGreen({ status: 'switched', switchedAt: '2026-11-25T11:00:00.000Z', previousVersionId: 'v0' });
    const kept = {
      keepLoaded: [
        { versionId: 'v0', until: '2026-11-25T11:30:00.000Z' },
        { versionId: 'other', until: '2026-11-25T13:00:00.000Z' },
      ],
    };
    expect(() => finishMove(on(switched, kept), '2026-11-25T11:29:59.000Z')).toThrow(
      expect.objectContaining({ code: 'rollout_state_conflict' }),
    );
    const finished = finishMove(on(switched, kept), '2026-11-25T11:30:00.000Z');
    expect(finished.outcome).toBe('finished');
    expect(finished.versionId).toBeUndefined();
    expect(finished.routing.rollout).toBeUndefined();
    expect(finished.routing.keepLoaded).toEqual([{ versionId: 'other', until: '2026-11-25T13:00:00.000Z' }]);
    expect(() => finishMove(on(blueGreen()), NOW)).toThrow(expect.objectContaining({ code: 'rollout_state_conflict' }));
  });
});
