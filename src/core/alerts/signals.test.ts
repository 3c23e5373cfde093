import { describe, expect, it } from 'vitest';
import { parseSignal, SIGNAL_CATALOGUE } from './signals.ts';

describe('parseSignal', () => {
  it.each([
    ['drift.share', { family: 'drift.share' }],
    ['drift.column.age', { family: 'drift.column', column: 'age' }],
    ['drift.column.a.b', { family: 'drift.column', column: 'a.b' }],
    ['drift.multivariate', { family: 'drift.multivariate' }],
    ['quality.missing.income', { family: 'quality.missing', column: 'income' }],
    ['contract.violation_rate', { family: 'contract.violation_rate' }],
    ['performance.realized.rmse', { family: 'performance.realized', metric: 'rmse' }],
    ['performance.estimated.roc_auc', { family: 'performance.estimated', metric: 'roc_auc' }],
    ['calibration.ece', { family: 'calibration.ece' }],
    ['kpi.conversion_rate', { family: 'kpi', kpi: 'conversion_rate' }],
    ['latency.p99', { family: 'latency', quantile: 'p99' }],
    ['errors.rate', { family: 'errors.rate' }],
    ['predictions.rate', { family: 'predictions.rate' }],
    ['log.backlog', { family: 'log.backlog' }],
    ['reviews.pending', { family: 'reviews.pending' }],
    ['governance.review_overdue', { family: 'governance.review_overdue' }],
    ['slo.availability.burn_rate.1h', { family: 'slo.burn_rate', objective: 'availability', burnWindow: '1h' }],
    ['slo.latency_p99.burn_rate.3d', { family: 'slo.burn_rate', objective: 'latency_p99', burnWindow: '3d' }],
    ['slo.availability.page', { family: 'slo.alert', objective: 'availability', sloAlert: 'page' }],
    ['slo.availability.ticket', { family: 'slo.alert', objective: 'availability', sloAlert: 'ticket' }],
    ['features.skew.spend_7d', { family: 'features.skew', feature: 'spend_7d' }],
  ])('%s', (name, fields) => {
    expect(parseSignal(name)).toEqual({ signal: { name, ...fields } });
  });

  it.each([
    ['drift.sharee', /unknown signal/],
    ['drift.column.', /needs a column/],
    ['quality.missing.', /needs a column/],
    ['performance.realized.auc', /not a performance metric/],
    ['performance.estimated.log_loss', /cannot be estimated without labels/],
    ['kpi.Bad-Name', /not a KPI name/],
    ['latency.p90', /p50, p95, p99/],
    ['slo.availability.burn_rate.2h', /5m, 30m, 1h, 6h, 3d/],
    ['slo.availability.pager', /SLO signals are/],
    ['', /unknown signal/],
    ['features.skew.', /needs a feature name/],
    ['features.skew', /unknown signal/],
  ])('refuses %j', (name, message) => {
    const result = parseSignal(name);
    expect('problem' in result && result.problem).toMatch(message);
  });

  it('has a catalogue entry with a unit and description for every family', () => {
    const families = new Set(SIGNAL_CATALOGUE.map((s) => s.family));
    expect(families.size).toBe(20);
    for (const entry of SIGNAL_CATALOGUE) {
      expect(entry.unit).not.toBe('');
      expect(entry.description.length).toBeGreaterThan(10);
    }
  });
});
