import { describe, expect, it } from 'vitest';
import type { AlertRuleStateWire, AlertRuleWire } from '../api/alert-types.ts';
import { holdText, noDataText, rollbackText, rulesInOrder, stateTone, thresholdText, valueText } from './alert-wording.ts';

const state = (options: Partial<AlertRuleStateWire>): AlertRuleStateWire => ({
  state: 'inactive',
  since: null,
  value: null,
  no_data: false,
  evaluated_at: null,
  model: null,
  ...options,
});

describe('alert wording', () => {
  it('writes the threshold with its direction', () => {
    expect(thresholdText({ above: 0.3, below: null })).toBe('> 0.3');
    expect(thresholdText({ above: null, below: 0.8 })).toBe('< 0.8');
    expect(thresholdText({ above: 1500, below: null })).toBe('> 1,500');
    expect(thresholdText({ above: null, below: null })).toBe('—');
  });

  it('says how long a condition must hold and how long firing lasts', () => {
    expect(holdText({ for_ms: 0, keep_firing_for_ms: 0 })).toBe('at once');
    expect(holdText({ for_ms: 300_000, keep_firing_for_ms: 0 })).toBe('for 5m');
    expect(holdText({ for_ms: 5_400_000, keep_firing_for_ms: 60_000 })).toBe('for 1h 30m, keeps firing 1m');
  });

  it('shows no_data as such, never as a number, and tells a rule never evaluated from one without a value', () => {
    expect(valueText(state({ no_data: true, value: null, evaluated_at: '2026-12-07T09:00:00.000Z' }))).toBe('no data');
    expect(valueText(state({ no_data: true, value: 0 }))).toBe('no data');
    expect(valueText(state({ value: 0.4213 }))).toBe('0.4213');
    expect(valueText(state({ value: 0 }))).toBe('0');
    expect(valueText(state({}))).toBe('not evaluated yet');
  });

  it('colours firing bad and pending as a warning', () => {
    expect(stateTone(state({ state: 'firing' }))).toBe('bad');
    expect(stateTone(state({ state: 'pending' }))).toBe('warn');
    expect(stateTone(state({ state: 'inactive' }))).toBe('good');
  });

  it('words the rollback and the no-data policy', () => {
    expect(rollbackText(null)).toBe('none');
    expect(rollbackText({ to: 'previous', dry_run: false, cooldown_ms: 3_600_000 })).toBe('to previous, cooldown 1h');
    expect(rollbackText({ to: 'alias:champion', dry_run: true, cooldown_ms: 600_000 })).toBe('to alias:champion (dry run), cooldown 10m');
    expect(noDataText('firing')).toBe('no data counts as firing');
    expect(noDataText('ok')).toBe('no data counts as ok');
  });
});

describe('rulesInOrder', () => {
  it('puts firing rules first, then pending, then inactive, by deployment and name within each', () => {
    const rule = (name: string, deployment: string, s: AlertRuleStateWire['state']) =>
      ({ name, deployment, state: state({ state: s }) }) as AlertRuleWire;
    const ordered = rulesInOrder([
      rule('a', 'credit', 'inactive'),
      rule('z', 'credit', 'firing'),
      rule('b', 'churn', 'pending'),
      rule('c', 'churn', 'firing'),
    ]);
    expect(ordered.map((r) => r.name)).toEqual(['c', 'z', 'b', 'a']);
  });
});
