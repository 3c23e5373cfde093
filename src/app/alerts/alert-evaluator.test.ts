import { describe, expect, it } from 'vitest';
import type { AlertRuleState, AlertTransition, SignalReading } from '../../core/alerts/alert-rule.ts';
import { evaluateAlerts, type AlertEvaluatorDeps, type ReadSignals } from './alert-evaluator.ts';
import { alertRule } from '../../core/alerts/testing/alert-builders.ts';
import { MemoryAlertRules, thresholdStep, valueReading } from './testing/fake-alerts.ts';

const NOW = new Date('2026-12-07T10:00:12.000Z');

function deps(overrides: Partial<AlertEvaluatorDeps> & { values?: Record<string, number> } = {}) {
  const rules = new MemoryAlertRules([
    alertRule({ name: 'drifted', signal: 'drift.share', above: 0.3 }),
    alertRule({ name: 'drifted-again', signal: 'drift.share', above: 0.5, severity: 'ticket' }),
    alertRule({ name: 'slow', signal: 'latency.p99', above: 50 }),
    alertRule({ name: 'quiet', deployment: 'fraud', signal: 'predictions.rate', below: 1, above: null }),
  ]);
  const values = overrides.values ?? { 'drift.share': 0.4, 'latency.p99': 20, 'predictions.rate': 5 };
  const reads: { deployment: string; windowMs: number; signals: readonly string[] }[] = [];
  const read: ReadSignals = async (query, signals) => {
    reads.push({ deployment: query.deployment, windowMs: query.windowMs, signals });
    return new Map(signals.map((s): [string, SignalReading] => [s, valueReading(values[s]!)]));
  };
  const committed: (readonly AlertRuleState[])[] = [];
  const calls: string[] = [];
  const sunk: { name: string; transitions: readonly AlertTransition[] }[] = [];
  const errors: { sink: string; error: unknown }[] = [];
  const all: AlertEvaluatorDeps = {
    rules,
    read,
    step: thresholdStep,
    clock: () => NOW,
    holdLease: async () => {
      calls.push('lease');
      return true;
    },
    commit: async (states) => {
      calls.push('commit');
      committed.push(states);
      await rules.saveStates(states);
      return true;
    },
    sinks: ['incidents', 'rollback', 'notifications'].map((name) => ({
      name,
      sink: async (transitions: readonly AlertTransition[]) => {
        calls.push(name);
        sunk.push({ name, transitions });
        if (name === 'rollback') throw new Error('the rollback sink broke');
      },
    })),
    onSinkError: (sink, error) => errors.push({ sink, error }),
    ...overrides,
  };
  return { all, rules, reads, committed, calls, sunk, errors };
}

describe('evaluateAlerts', () => {
  it('reads each deployment and window once, steps every rule, saves all states, then calls every sink in order', async () => {
    const t = deps();
    const tick = await evaluateAlerts(t.all);
    expect(t.reads).toEqual([
      { deployment: 'credit', windowMs: 10_000, signals: ['drift.share', 'latency.p99'] },
      { deployment: 'fraud', windowMs: 10_000, signals: ['predictions.rate'] },
    ]);
    expect(t.committed).toHaveLength(1);
    expect(t.committed[0]!.map((s) => [s.rule, s.state, s.value])).toEqual([
      ['drifted', 'firing', 0.4],
      ['drifted-again', 'inactive', 0.4],
      ['slow', 'inactive', 20],
      ['quiet', 'inactive', 5],
    ]);
    // States are stored before any sink runs; a sink that fails is reported and the next one still runs.
    expect(t.calls).toEqual(['lease', 'commit', 'incidents', 'rollback', 'notifications']);
    expect(t.errors).toEqual([{ sink: 'rollback', error: new Error('the rollback sink broke') }]);
    const transition = t.sunk[0]!.transitions;
    expect(transition).toHaveLength(1);
    expect(transition[0]).toMatchObject({
      from: 'inactive',
      to: 'firing',
      at: NOW.toISOString(),
      threshold: 0.3,
      reading: valueReading(0.4),
    });
    expect(transition[0]!.rule.name).toBe('drifted');
    expect(t.sunk.map((s) => s.transitions)).toEqual([transition, transition, transition]);
    expect(tick).toMatchObject({ evaluated: true, at: NOW.toISOString(), transitions: transition });
    expect(tick.states).toEqual(t.committed[0]);

    // The next tick starts from the stored states: nothing changed, no transition, no sink call.
    t.calls.length = 0;
    const again = await evaluateAlerts(t.all);
    expect(again.transitions).toEqual([]);
    expect(t.calls).toEqual(['lease', 'commit']);
    expect(again.states.find((s) => s.rule === 'drifted')?.since).toBe(tick.states[0]!.since);
  });

  it('does nothing but report the stored states when another process holds the lease', async () => {
    const t = deps();
    const stored = await evaluateAlerts(t.all);
    expect(stored.evaluated).toBe(true);
    t.reads.length = 0;
    t.calls.length = 0;
    const tick = await evaluateAlerts({ ...t.all, holdLease: async () => false });
    expect(tick).toMatchObject({ evaluated: false, transitions: [] });
    expect(tick.states).toEqual(stored.states);
    expect(t.reads).toEqual([]);
    expect(t.calls).toEqual([]);
  });

  it('calls no sink when the lease was lost before the states could be saved', async () => {
    const t = deps({ commit: async () => false });
    const tick = await evaluateAlerts(t.all);
    expect(tick).toMatchObject({ evaluated: false, transitions: [] });
    expect(t.sunk).toEqual([]);
  });

  it('gives the rules of a deployment whose read fails a no_data reading with why, and evaluates the others', async () => {
    const t = deps();
    const failing: ReadSignals = async (query, signals) => {
      if (query.deployment === 'fraud') throw new Error('the store is down');
      return new Map(signals.map((s): [string, SignalReading] => [s, valueReading(0.9)]));
    };
    const rules = new MemoryAlertRules([
      alertRule({ name: 'drifted' }),
      alertRule({ name: 'quiet', deployment: 'fraud', signal: 'predictions.rate', below: 1, above: null, onNoData: 'firing' }),
    ]);
    const tick = await evaluateAlerts({ ...t.all, rules, read: failing });
    expect(tick.states.map((s) => [s.rule, s.state, s.noData])).toEqual([
      ['drifted', 'firing', false],
      ['quiet', 'firing', true],
    ]);
    expect(tick.transitions[1]!.reading).toEqual({ kind: 'no_data', reason: 'reading the signals failed: the store is down', model: null });
  });
});
