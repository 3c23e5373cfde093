import { describe, expect, it } from 'vitest';
import { alertRule } from './testing/alert-builders.ts';
import type { AlertRule, AlertRuleState, AlertState, SignalReading } from './alert-rule.ts';
import { stepAlertState } from './alert-state-machine.ts';

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const model = { name: 'credit', version: 2 };

/** drift.share above 0.3 for 30 s; the machine reads only the threshold, the durations and onNoData. */
function rule(fields: Partial<AlertRule> = {}): AlertRule {
  return alertRule({ name: 'drifted', deployment: 'credit-risk', forMs: 30_000, keepFiringForMs: 0, ...fields });
}

const value = (v: number): SignalReading => ({ kind: 'value', value: v, rows: 100, start: '', end: '', model });
const noData: SignalReading = { kind: 'no_data', reason: 'too few rows', model };
const HIGH = value(0.5);
const LOW = value(0.1);

/** Evaluates at the given seconds after T0 and returns each evaluation's state name and transition. */
function run(r: AlertRule, steps: readonly [seconds: number, reading: SignalReading][], start?: AlertRuleState) {
  let state = start;
  return steps.map(([seconds, reading]) => {
    const step = stepAlertState(r, state, reading, new Date(T0 + seconds * 1000));
    state = step.state;
    return { at: seconds, state: step.state.state, transition: step.transition && `${step.transition.from}->${step.transition.to}` };
  });
}

const states = (trace: ReturnType<typeof run>) => trace.map((s) => s.state);

describe('stepAlertState', () => {
  it('starts inactive when the condition does not hold, without a transition', () => {
    const step = stepAlertState(rule(), undefined, LOW, new Date(T0));
    expect(step.transition).toBeNull();
    expect(step.state).toEqual({
      rule: 'drifted',
      state: 'inactive',
      since: '2026-03-01T00:00:00.000Z',
      activeSince: null,
      lastActiveAt: null,
      value: 0.1,
      noData: false,
      evaluatedAt: '2026-03-01T00:00:00.000Z',
      model,
    });
  });

  it('goes pending when the condition holds, and fires once it has held for `for`', () => {
    const trace = run(rule({ forMs: 30_000 }), [
      [0, HIGH],
      [15, HIGH],
      [29, HIGH],
      [30, HIGH],
      [45, HIGH],
    ]);
    expect(trace).toEqual([
      { at: 0, state: 'pending', transition: 'inactive->pending' },
      { at: 15, state: 'pending', transition: null },
      { at: 29, state: 'pending', transition: null },
      { at: 30, state: 'firing', transition: 'pending->firing' },
      { at: 45, state: 'firing', transition: null },
    ]);
  });

  it('keeps `since` from the evaluation that entered the state, and the for timer from the first holding one', () => {
    const r = rule({ forMs: 30_000 });
    const a = stepAlertState(r, undefined, HIGH, new Date(T0));
    const b = stepAlertState(r, a.state, HIGH, new Date(T0 + 15_000));
    expect(b.state).toMatchObject({ since: '2026-03-01T00:00:00.000Z', activeSince: '2026-03-01T00:00:00.000Z' });
    expect(b.state.evaluatedAt).toBe('2026-03-01T00:00:15.000Z');
    const c = stepAlertState(r, b.state, HIGH, new Date(T0 + 30_000));
    expect(c.state).toMatchObject({ state: 'firing', since: '2026-03-01T00:00:30.000Z', activeSince: '2026-03-01T00:00:00.000Z' });
  });

  it('fires at once with `for: 0s`, straight from inactive', () => {
    expect(run(rule({ forMs: 0 }), [[0, HIGH]])).toEqual([{ at: 0, state: 'firing', transition: 'inactive->firing' }]);
  });

  it('is strict about the threshold: equal is not above, nor below', () => {
    expect(states(run(rule({ forMs: 0 }), [[0, value(0.3)]]))).toEqual(['inactive']);
    expect(
      states(
        run(rule({ forMs: 0, above: null, below: 0.8 }), [
          [0, value(0.8)],
          [1, value(0.79)],
        ]),
      ),
    ).toEqual(['inactive', 'firing']);
  });

  it('drops a pending rule back to inactive as soon as the condition stops holding, and restarts the timer', () => {
    const trace = run(rule({ forMs: 30_000 }), [
      [0, HIGH],
      [20, LOW],
      [25, HIGH],
      [50, HIGH],
      [55, HIGH],
    ]);
    expect(trace.map((s) => s.transition)).toEqual([
      'inactive->pending',
      'pending->inactive',
      'inactive->pending',
      null,
      'pending->firing',
    ]);
  });

  it('resolves a firing rule at the first evaluation where the condition does not hold, without keep_firing_for', () => {
    const trace = run(rule({ forMs: 0 }), [
      [0, HIGH],
      [15, LOW],
    ]);
    expect(trace.map((s) => s.transition)).toEqual(['inactive->firing', 'firing->inactive']);
  });

  it('keeps firing for keep_firing_for after the condition last held, then resolves', () => {
    const trace = run(rule({ forMs: 0, keepFiringForMs: 60_000 }), [
      [0, HIGH],
      [15, LOW],
      [45, LOW],
      [59, LOW],
      [60, LOW],
      [75, LOW],
    ]);
    expect(states(trace)).toEqual(['firing', 'firing', 'firing', 'firing', 'inactive', 'inactive']);
    expect(trace[4]!.transition).toBe('firing->inactive');
  });

  it('a flapping signal keeps firing under keep_firing_for, each holding evaluation restarting the timer', () => {
    const flapping: [number, SignalReading][] = [0, 15, 30, 45, 60, 75, 90, 105].map((s, i) => [s, i % 2 === 0 ? HIGH : LOW]);
    const kept = run(rule({ forMs: 0, keepFiringForMs: 30_000 }), flapping);
    expect(kept.filter((s) => s.transition !== null).map((s) => s.transition)).toEqual(['inactive->firing']);
    // The same flapping without keep_firing_for resolves and fires again at every change.
    const bare = run(rule({ forMs: 0 }), flapping);
    expect(bare.filter((s) => s.transition !== null)).toHaveLength(8);
    // With `for`, a flapping signal never holds long enough to fire at all.
    const waiting = run(rule({ forMs: 20_000 }), flapping);
    expect(states(waiting)).not.toContain('firing');
  });

  it('after keep_firing_for ran out, a new crossing needs the whole `for` again', () => {
    const trace = run(rule({ forMs: 30_000, keepFiringForMs: 20_000 }), [
      [0, HIGH],
      [30, HIGH],
      [45, LOW],
      [60, HIGH],
      [75, HIGH],
      [90, HIGH],
    ]);
    expect(states(trace)).toEqual(['pending', 'firing', 'firing', 'firing', 'firing', 'firing']);
    const resolved = run(rule({ forMs: 30_000, keepFiringForMs: 20_000 }), [
      [0, HIGH],
      [30, HIGH],
      [45, LOW],
      [60, LOW],
      [75, HIGH],
      [90, HIGH],
      [105, HIGH],
    ]);
    expect(states(resolved)).toEqual(['pending', 'firing', 'firing', 'inactive', 'pending', 'pending', 'firing']);
  });

  describe('no_data', () => {
    it('counts as not holding with on_no_data: ok, and is recorded as no data with no value', () => {
      const trace = run(rule({ forMs: 0 }), [
        [0, HIGH],
        [15, noData],
      ]);
      expect(states(trace)).toEqual(['firing', 'inactive']);
      const step = stepAlertState(rule(), undefined, noData, new Date(T0));
      expect(step.state).toMatchObject({ state: 'inactive', value: null, noData: true, model });
    });

    it('counts as holding with on_no_data: firing, through for and keep_firing_for alike', () => {
      const r = rule({ forMs: 30_000, onNoData: 'firing', keepFiringForMs: 30_000 });
      const trace = run(r, [
        [0, noData],
        [30, noData],
        [45, LOW],
        [60, noData],
        [75, LOW],
        [90, LOW],
      ]);
      expect(states(trace)).toEqual(['pending', 'firing', 'firing', 'firing', 'firing', 'inactive']);
    });

    it('no_data never reads as the value zero (a below rule does not fire on it)', () => {
      expect(states(run(rule({ forMs: 0, above: null, below: 0.5 }), [[0, noData]]))).toEqual(['inactive']);
    });

    it('does not hold a pending timer through no_data with on_no_data: ok', () => {
      const trace = run(rule({ forMs: 30_000 }), [
        [0, HIGH],
        [15, noData],
        [30, HIGH],
        [45, HIGH],
        [60, HIGH],
      ]);
      expect(states(trace)).toEqual(['pending', 'inactive', 'pending', 'pending', 'firing']);
    });
  });

  describe('restart in every state: the stored state fed back continues exactly where it stopped', () => {
    const r = rule({ forMs: 30_000, keepFiringForMs: 30_000 });
    // Visits inactive, pending, firing, firing kept by keep_firing_for, and inactive again.
    const script: [number, SignalReading][] = [
      [0, LOW],
      [15, HIGH],
      [30, HIGH],
      [45, HIGH],
      [60, LOW],
      [75, noData],
      [90, LOW],
      [105, HIGH],
      [120, LOW],
    ];
    const continuous = run(r, script);

    it('visits every state in the script', () => {
      expect(new Set(states(continuous))).toEqual(new Set<AlertState>(['inactive', 'pending', 'firing']));
    });

    it.each(script.slice(0, -1).map((_, i) => i))('restarting after evaluation %i changes nothing', (i) => {
      let stored: AlertRuleState | undefined;
      for (const [seconds, reading] of script.slice(0, i + 1))
        stored = stepAlertState(r, stored, reading, new Date(T0 + seconds * 1000)).state;
      // A restart: the state as the store gives it back (plain JSON), and a long gap is not needed to resume.
      const restored = JSON.parse(JSON.stringify(stored)) as AlertRuleState;
      expect(run(r, script.slice(i + 1), restored)).toEqual(continuous.slice(i + 1));
    });

    it('a restart while pending fires when `for` runs out since the first crossing, not a whole `for` after the restart', () => {
      const pending = stepAlertState(r, undefined, HIGH, new Date(T0)).state;
      const afterRestart = stepAlertState(r, JSON.parse(JSON.stringify(pending)) as AlertRuleState, HIGH, new Date(T0 + 31_000));
      expect(afterRestart.transition).toEqual({ from: 'pending', to: 'firing' });
    });

    it('a restart while firing does not fire again', () => {
      const firing = stepAlertState(rule({ forMs: 0 }), undefined, HIGH, new Date(T0)).state;
      const afterRestart = stepAlertState(
        rule({ forMs: 0 }),
        JSON.parse(JSON.stringify(firing)) as AlertRuleState,
        HIGH,
        new Date(T0 + 60_000),
      );
      expect(afterRestart.transition).toBeNull();
      expect(afterRestart.state.since).toBe(firing.since);
    });

    it('a restart while firing under keep_firing_for resolves when it runs out since the condition last held', () => {
      const s1 = stepAlertState(r, undefined, HIGH, new Date(T0)).state;
      const s2 = stepAlertState(r, s1, HIGH, new Date(T0 + 30_000)).state;
      const kept = stepAlertState(r, s2, LOW, new Date(T0 + 45_000)).state;
      expect(kept.state).toBe('firing');
      const afterRestart = stepAlertState(r, JSON.parse(JSON.stringify(kept)) as AlertRuleState, LOW, new Date(T0 + 60_000));
      expect(afterRestart.transition).toEqual({ from: 'firing', to: 'inactive' });
    });
  });
});
