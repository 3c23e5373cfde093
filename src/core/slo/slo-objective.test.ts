import { describe, expect, it } from 'vitest';
import {
  behaviourObjectiveName,
  isObjectiveName,
  meetsObjective,
  objectiveText,
  parseBehaviourExpression,
  type BehaviourObjective,
} from './slo-objective.ts';

describe('behaviour objective expressions', () => {
  it('reads a signal, a comparison and a number', () => {
    expect(parseBehaviourExpression('performance.estimated.roc_auc>=0.8')).toEqual({
      ok: true,
      signal: 'performance.estimated.roc_auc',
      comparison: '>=',
      threshold: 0.8,
    });
    expect(parseBehaviourExpression(' kpi.refund_rate <= .05 ')).toEqual({
      ok: true,
      signal: 'kpi.refund_rate',
      comparison: '<=',
      threshold: 0.05,
    });
    expect(parseBehaviourExpression('performance.realized.mae<=1.5e-1')).toMatchObject({ ok: true, threshold: 0.15 });
  });

  it('refuses what is not SIGNAL>=NUMBER, and signals that are not per-window model values', () => {
    expect(parseBehaviourExpression('performance.estimated.roc_auc>0.8')).toMatchObject({ ok: false });
    expect(parseBehaviourExpression('performance.estimated.roc_auc>=high')).toMatchObject({ ok: false });
    expect(parseBehaviourExpression('drift.share<=0.3')).toMatchObject({ ok: false, message: expect.stringContaining('drift.share') });
    expect(parseBehaviourExpression('latency.p99<=50')).toMatchObject({ ok: false });
  });

  it('names, prints and judges an objective', () => {
    expect(behaviourObjectiveName('performance.estimated.roc_auc')).toBe('performance_estimated_roc_auc');
    expect(behaviourObjectiveName('kpi.Refund-Rate')).toBe('kpi_refund_rate');
    expect(isObjectiveName('availability')).toBe(true);
    expect(isObjectiveName('Not.A.Name')).toBe(false);
    const auc: BehaviourObjective = {
      kind: 'behaviour',
      name: 'auc',
      signal: 'performance.estimated.roc_auc',
      comparison: '>=',
      threshold: 0.8,
      target: 0.95,
      windowMs: 3_600_000,
      periodMs: 86_400_000,
    };
    expect(objectiveText(auc)).toBe('performance.estimated.roc_auc>=0.8');
    expect(objectiveText({ kind: 'latency', name: 'latency', target: 0.99, thresholdMs: 50, periodMs: 1 })).toBe('latency<=50ms');
    expect(meetsObjective(auc, 0.8)).toBe(true);
    expect(meetsObjective(auc, 0.79)).toBe(false);
    expect(meetsObjective({ ...auc, comparison: '<=' }, 0.79)).toBe(true);
  });
});
