import { describe, expect, it } from 'vitest';
import type { AlertRule, SignalReading } from '../alerts/alert-rule.ts';
import { BUILT_IN_CHECKS, compareCheck, failureReason, gateVerdict, ruleCheck, type GateCheck } from './gate-verdict.ts';

const value = (v: number): SignalReading => ({ kind: 'value', value: v, rows: 100, start: 'a', end: 'b', model: null });
const noData = (reason: string): SignalReading => ({ kind: 'no_data', reason, model: null });
const builtIn = (signal: string) => BUILT_IN_CHECKS.find((c) => c.signal === signal)!.comparison;

describe('compareCheck with the built-in defaults', () => {
  it('errors.rate fails when the candidate is more than 0.01 above stable', () => {
    expect(compareCheck('errors.rate', 'errors.rate', builtIn('errors.rate'), value(0.025), value(0.01)).verdict).toBe('fail');
    const pass = compareCheck('errors.rate', 'errors.rate', builtIn('errors.rate'), value(0.019), value(0.01));
    expect(pass).toMatchObject({ verdict: 'pass', candidate: 0.019, stable: 0.01 });
    expect(pass.threshold).toBeCloseTo(0.02, 12);
  });

  it('latency.p99 fails above 1.5 × stable + 5 ms', () => {
    expect(compareCheck('latency.p99', 'latency.p99', builtIn('latency.p99'), value(36), value(20)).verdict).toBe('fail');
    expect(compareCheck('latency.p99', 'latency.p99', builtIn('latency.p99'), value(35), value(20))).toMatchObject({
      verdict: 'pass',
      threshold: 35,
    });
    // A fast stable: the 5 ms floor keeps 1 ms vs 4 ms from failing.
    expect(compareCheck('latency.p99', 'latency.p99', builtIn('latency.p99'), value(4), value(1)).verdict).toBe('pass');
  });

  it('contract.violation_rate fails when the candidate is more than 0.02 above stable', () => {
    const c = builtIn('contract.violation_rate');
    expect(compareCheck('contract.violation_rate', 'contract.violation_rate', c, value(0.05), value(0.02)).verdict).toBe('fail');
    expect(compareCheck('contract.violation_rate', 'contract.violation_rate', c, value(0.03), value(0.02)).verdict).toBe('pass');
  });

  it('a drop comparison fails when the candidate is below stable − margin', () => {
    const drop = { kind: 'drop', margin: 0.02 } as const;
    expect(compareCheck('performance.estimated.accuracy', 'performance.estimated.accuracy', drop, value(0.85), value(0.9)).verdict).toBe(
      'fail',
    );
    expect(compareCheck('performance.estimated.accuracy', 'performance.estimated.accuracy', drop, value(0.89), value(0.9)).verdict).toBe(
      'pass',
    );
  });

  it('is inconclusive when either side has no data, saying which', () => {
    const check = compareCheck('errors.rate', 'errors.rate', builtIn('errors.rate'), noData('3 requests'), value(0));
    expect(check).toMatchObject({ verdict: 'inconclusive', candidate: null, stable: 0, threshold: null });
    expect(check.reason).toBe('candidate: 3 requests');
    expect(compareCheck('errors.rate', 'errors.rate', builtIn('errors.rate'), value(0), noData('none')).reason).toBe('stable: none');
  });
});

const rule = (overrides: Partial<AlertRule>): AlertRule => ({
  name: 'no-drift',
  deployment: 'credit',
  signal: 'drift.share',
  windowMs: 60_000,
  above: 0.3,
  below: null,
  forMs: 0,
  keepFiringForMs: 0,
  severity: 'ticket',
  notify: [],
  onNoData: 'ok',
  rollback: null,
  description: null,
  ...overrides,
});

describe('ruleCheck', () => {
  it('fails when the rule condition holds on the candidate, passes when not', () => {
    expect(ruleCheck(rule({}), value(0.5))).toMatchObject({ name: 'no-drift', verdict: 'fail', candidate: 0.5, threshold: 0.3 });
    expect(ruleCheck(rule({}), value(0.2)).verdict).toBe('pass');
    expect(ruleCheck(rule({ above: null, below: 10, signal: 'predictions.rate' }), value(5)).verdict).toBe('fail');
    expect(ruleCheck(rule({ above: null, below: 10, signal: 'predictions.rate' }), value(15)).verdict).toBe('pass');
  });

  it("follows the rule's on_no_data when the candidate has no data", () => {
    expect(ruleCheck(rule({ onNoData: 'ok' }), noData('few rows')).verdict).toBe('pass');
    expect(ruleCheck(rule({ onNoData: 'firing' }), noData('few rows')).verdict).toBe('fail');
  });
});

const check = (name: string, verdict: GateCheck['verdict']): GateCheck => ({
  name,
  signal: name,
  candidate: 1,
  stable: 0,
  threshold: 0.5,
  verdict,
  reason: `${name} reason`,
});

describe('gateVerdict', () => {
  it('fails on any failing check, naming every one', () => {
    const outcome = gateVerdict([check('a', 'pass'), check('b', 'fail'), check('c', 'inconclusive'), check('d', 'fail')]);
    expect(outcome.verdict).toBe('fail');
    expect(outcome.failing.map((c) => c.name)).toEqual(['b', 'd']);
    expect(failureReason(outcome.failing)).toBe('gate failed: b: b reason; d: d reason');
  });

  it('waits when nothing failed and something was inconclusive, or when there was no check', () => {
    expect(gateVerdict([check('a', 'pass'), check('c', 'inconclusive')]).verdict).toBe('inconclusive');
    expect(gateVerdict([]).verdict).toBe('inconclusive');
  });

  it('passes when every check passed', () => {
    expect(gateVerdict([check('a', 'pass'), check('b', 'pass')])).toEqual({ verdict: 'pass', failing: [] });
  });

  it('names a rule by its name and signal in the failure reason', () => {
    expect(failureReason([{ ...check('x', 'fail'), name: 'no-drift', signal: 'drift.share' }])).toBe(
      'gate failed: no-drift (drift.share): x reason',
    );
  });
});
