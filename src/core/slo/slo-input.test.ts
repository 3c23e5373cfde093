import { describe, expect, it } from 'vitest';
import { BallastError } from '../errors.ts';
import { parseSloObjectives, parseTarget } from './slo-input.ts';

describe('SLO targets', () => {
  it('reads shares and percentages strictly between 0 and 1', () => {
    expect(parseTarget('99.9%')).toBeCloseTo(0.999, 12);
    expect(parseTarget(0.99)).toBe(0.99);
    expect(parseTarget('0.95')).toBe(0.95);
    for (const bad of ['100%', '0%', 1, 0, '99.9', 'high', null, undefined]) expect(parseTarget(bad)).toBeUndefined();
  });
});

describe('SLO objectives', () => {
  it('reads availability, a latency bound and a model-behaviour objective with their defaults', () => {
    expect(
      parseSloObjectives([
        { objective: 'availability', target: '99.9%' },
        { objective: 'latency<=50ms', target: 0.99, period: '7d' },
        { objective: 'performance.estimated.roc_auc>=0.8', target: '95%', period: '1d' },
      ]),
    ).toEqual([
      { kind: 'availability', name: 'availability', target: 0.999, periodMs: 28 * 86_400_000 },
      { kind: 'latency', name: 'latency', thresholdMs: 50, target: 0.99, periodMs: 7 * 86_400_000 },
      {
        kind: 'behaviour',
        name: 'performance_estimated_roc_auc',
        signal: 'performance.estimated.roc_auc',
        comparison: '>=',
        threshold: 0.8,
        windowMs: 3_600_000,
        target: 0.95,
        periodMs: 86_400_000,
      },
    ]);
  });

  it('takes a name and a window', () => {
    const [objective] = parseSloObjectives([{ objective: 'kpi.refund_rate<=0.05', target: 0.9, window: '10m', name: 'refunds' }]);
    expect(objective).toMatchObject({ name: 'refunds', windowMs: 600_000 });
  });

  it('reports every problem with its path and saves nothing', () => {
    let error: unknown;
    try {
      parseSloObjectives([
        { objective: 'availability', target: '100%', period: '10m' },
        { objective: 'latency<=50ms', target: 0.99, window: '1h' },
        { objective: 'drift.share<=0.3', target: 0.9 },
        { target: 0.9 },
        { objective: 'availability', target: 0.99, name: 'Bad Name' },
        { objective: 'availability', target: 0.99 },
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BallastError);
    const issues = (error as BallastError).issues!.map((i) => `${i.path.join('.')} ${i.code}`);
    expect(issues).toEqual([
      'objectives.0.target invalid_value',
      'objectives.0.period invalid_value',
      'objectives.1.window unsupported',
      'objectives.2.objective invalid_value',
      'objectives.3.objective missing',
      'objectives.4.name invalid_format',
      'objectives.5.name duplicate',
    ]);
    expect((error as BallastError).code).toBe('invalid_argument');
  });
});
