import { describe, expect, it } from 'vitest';
import { IssueCollector } from '../issues.ts';
import { checkRolloutOptions, type RolloutOptionsInput } from './rollout-options.ts';

const check = (input: RolloutOptionsInput) => {
  const issues = new IssueCollector();
  const options = checkRolloutOptions(input, 'credit-risk', issues);
  return { options, issues: issues.issues.map((i) => [i.path.join('.'), i.code]) };
};

const gateRule = (extra: Record<string, unknown> = {}) => ({ name: 'slow', signal: 'latency.p99', window: '5m', above: 250, ...extra });

describe('rollout options', () => {
  it('fills in the defaults of each strategy', () => {
    expect(check({ strategy: 'canary' }).options).toEqual({
      strategy: 'canary',
      steps: [10, 25, 50, 100],
      stepDurationMs: 600_000,
      stickyKey: null,
      gateRules: [],
      keepPreviousMs: 1_800_000,
    });
    expect(check({ strategy: 'ab' }).options).toMatchObject({ steps: [50] });
    expect(check({ strategy: 'blue-green' }).options).toMatchObject({ steps: [], keepPreviousMs: 1_800_000 });
  });

  it('reads what the user gave, numbers as text too (command-line flags)', () => {
    expect(check({ strategy: 'canary', steps: ['5', 20, '100'], stepDuration: '30s', stickyKey: 'applicant_id' }).options).toMatchObject({
      steps: [5, 20, 100],
      stepDurationMs: 30_000,
      stickyKey: { kind: 'field', name: 'applicant_id' },
    });
    expect(check({ strategy: 'ab', split: '30', stickyKey: 'header:X-User-Id' }).options).toMatchObject({
      steps: [30],
      stickyKey: { kind: 'header', name: 'x-user-id' },
    });
    expect(check({ strategy: 'blue-green', keepPrevious: '1h' }).options).toMatchObject({ keepPreviousMs: 3_600_000 });
  });

  it('reports every problem at once with its path', () => {
    expect(
      check({ strategy: 'canary', steps: [10, 10, 0, 50], stepDuration: '500ms', stickyKey: 'header:bad header', split: 20 }).issues,
    ).toEqual([
      ['split', 'unsupported'],
      ['steps.2', 'invalid_value'],
      ['step_duration', 'invalid_value'],
      ['sticky_key', 'invalid_value'],
    ]);
    expect(check({ strategy: 'canary', steps: [10, 10, 50] }).issues).toEqual([
      ['steps.1', 'invalid_value'],
      ['steps.2', 'invalid_value'],
    ]);
    expect(check({ strategy: 'ab', split: 100, stepDuration: '10 minutes', keepPrevious: '5m' }).issues).toEqual([
      ['keep_previous', 'unsupported'],
      ['split', 'invalid_value'],
      ['step_duration', 'invalid_value'],
    ]);
    expect(check({ strategy: 'rainbow' }).issues).toEqual([['strategy', 'invalid_value']]);
    expect(check({}).issues).toEqual([['strategy', 'missing']]);
    expect(check({ strategy: 'canary', steps: 'fast' }).issues).toEqual([['steps', 'invalid_type']]);
  });

  it('reads a gate in the alert-rule format, for this deployment whether it names it or not', () => {
    const { options } = check({
      strategy: 'canary',
      gate: { format: 'ballast.alerts/v1', rules: [gateRule(), gateRule({ name: 'named', deployment: 'credit-risk' })] },
    });
    expect(options?.gateRules.map((r) => [r.name, r.deployment, r.above])).toEqual([
      ['slow', 'credit-risk', 250],
      ['named', 'credit-risk', 250],
    ]);
  });

  it("refuses a gate rule of another deployment, one that rolls back, and the rules file's own problems under gate", () => {
    expect(
      check({
        strategy: 'canary',
        gate: {
          format: 'ballast.alerts/v1',
          rules: [gateRule({ deployment: 'fraud' }), gateRule({ name: 'rb', rollback: { to: 'previous' } })],
        },
      }).issues,
    ).toEqual([
      ['gate.rules.0.deployment', 'invalid_value'],
      ['gate.rules.1.rollback', 'unsupported'],
    ]);
    expect(check({ strategy: 'canary', gate: { format: 'ballast.alerts/v1', rules: [gateRule({ signal: 'nonsense' })] } }).issues).toEqual([
      ['gate.rules.0.signal', 'invalid_value'],
    ]);
  });
});
