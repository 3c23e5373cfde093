import { describe, expect, it } from 'vitest';
import { parseSloSignal } from './slo-signal-name.ts';

describe('SLO signal names', () => {
  it('reads burn rates over the workbook windows, the budget left and the two alerts', () => {
    expect(parseSloSignal('slo.availability.burn_rate.1h')).toEqual({
      objective: 'availability',
      measure: { kind: 'burn_rate', window: '1h' },
    });
    expect(parseSloSignal('slo.latency.burn_rate.3d')).toEqual({ objective: 'latency', measure: { kind: 'burn_rate', window: '3d' } });
    expect(parseSloSignal('slo.availability.budget_remaining')).toEqual({
      objective: 'availability',
      measure: { kind: 'budget_remaining' },
    });
    expect(parseSloSignal('slo.performance_estimated_roc_auc.page')).toEqual({
      objective: 'performance_estimated_roc_auc',
      measure: { kind: 'page' },
    });
    expect(parseSloSignal('slo.availability.ticket')?.measure).toEqual({ kind: 'ticket' });
  });

  it('refuses windows the workbook does not use, and names that are not SLO signals', () => {
    for (const name of [
      'slo.availability.burn_rate.2h',
      'slo.availability.burn_rate',
      'slo.Availability.page',
      'drift.share',
      'slo.availability',
    ])
      expect(parseSloSignal(name)).toBeUndefined();
  });
});
