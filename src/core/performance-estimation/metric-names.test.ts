import { describe, expect, it } from 'vitest';
import { BallastError } from '../errors.ts';
import { CBPE_METRICS, parseCbpeMetrics } from './metric-names.ts';

function issuesOf(text: string): BallastError {
  try {
    parseCbpeMetrics(text);
  } catch (error) {
    if (error instanceof BallastError) return error;
    throw error;
  }
  throw new Error('expected a BallastError');
}

describe('parseCbpeMetrics', () => {
  it('reads the names a user types, once each, in their order', () => {
    expect(parseCbpeMetrics(' f1, roc_auc ,f1')).toEqual(['f1', 'roc_auc']);
    expect(parseCbpeMetrics(CBPE_METRICS.join(','))).toEqual([...CBPE_METRICS]);
  });

  it('says why a name cannot be estimated: unknown, a regression metric, or one that needs labels', () => {
    const error = issuesOf('auc,mae,log_loss,accuracy');
    expect(error.code).toBe('invalid_argument');
    expect(error.message).toBe(
      'the metric list cannot be used: metrics[0]: "auc" is not a metric; CBPE estimates roc_auc, accuracy, precision, recall, f1, specificity (and 2 more problems)',
    );
    expect(error.issues.map((i) => [i.code, i.path])).toEqual([
      ['invalid_value', ['metrics', 0]],
      ['unsupported', ['metrics', 1]],
      ['unsupported', ['metrics', 2]],
    ]);
    expect(error.issues[2]!.message).toMatch(/^log_loss needs labels and cannot be estimated without them/);
  });

  it('refuses a list that names no metric', () => {
    expect(issuesOf(' , ').issues).toEqual([{ code: 'missing', path: ['metrics'], message: expect.stringMatching(/^names no metric/) }]);
  });
});
