import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alertRule } from '../../core/alerts/testing/alert-builders.ts';
import { parse } from 'yaml';
import type { AlertRule } from '../../core/alerts/alert-rule.ts';
import { prometheusRules } from './prometheus-rules.ts';
import { hasPromtool, promtool, PROMTOOL_SKIPPED } from './testing/promtool.ts';

function rule(name: string, signal: string, extra: Partial<AlertRule> = {}): AlertRule {
  return alertRule({ name, signal, windowMs: 60_000, ...extra });
}

const RULES: AlertRule[] = [
  rule('inputs-drifted', 'drift.share', { forMs: 30_000, keepFiringForMs: 60_000, description: 'Inputs drifted' }),
  rule('income-moved', 'drift.column.income'),
  rule('income-missing', 'quality.missing.income', { severity: 'ticket' }),
  rule('auc-low', 'performance.estimated.roc_auc', { above: null, below: 0.7, forMs: 300_000 }),
  rule('accuracy-low', 'performance.realized.accuracy', { above: null, below: 0.8 }),
  rule('conversions-low', 'kpi.conversion_rate', { above: null, below: 0.02 }),
  rule('slow', 'latency.p99', { above: 50, windowMs: 10_000 }),
  rule('failing', 'errors.rate', { above: 0.01, windowMs: 300_000 }),
  rule('busy', 'predictions.rate', { above: 1000 }),
  rule('log-behind', 'log.backlog', { above: 10_000 }),
  rule('reviews-piling', 'reviews.pending', { above: 100 }),
  rule('multivariate', 'drift.multivariate'),
  rule('contract', 'contract.violation_rate'),
  rule('ece', 'calibration.ece'),
  rule('budget', 'slo.availability.page', { above: 0.5 }),
  rule('review-late', 'governance.review_overdue', { above: 0 }),
];

describe('Prometheus rules of Ballast rules', () => {
  const result = prometheusRules(RULES);
  const rules = (parse(result.text) as { groups: { name: string; rules: Record<string, unknown>[] }[] }).groups[0]!.rules;
  const byName = new Map(rules.map((r) => [r.alert as string, r]));

  it('exports the rules whose signal has a series on /metrics, the condition, for and keep_firing_for kept', () => {
    expect(result.exported).toEqual([
      'inputs-drifted',
      'income-moved',
      'income-missing',
      'auc-low',
      'accuracy-low',
      'conversions-low',
      'slow',
      'failing',
      'busy',
      'log-behind',
      'reviews-piling',
    ]);
    expect(byName.get('inputs-drifted')).toEqual({
      alert: 'inputs-drifted',
      expr: 'ballast_drift_share{deployment="credit"} > 0.3',
      for: '30s',
      keep_firing_for: '1m',
      labels: { severity: 'page', deployment: 'credit', ballast_rule: 'inputs-drifted' },
      annotations: { summary: 'credit: drift.share > 0.3', description: 'Inputs drifted', value: '{{ $value }}' },
    });
    expect(byName.get('income-moved')!.expr).toBe('ballast_drift_effect{deployment="credit",column="income"} > 0.3');
    expect(byName.get('income-missing')!.expr).toBe('ballast_missing_share{deployment="credit",column="income"} > 0.3');
    expect(byName.get('income-missing')!.labels).toMatchObject({ severity: 'ticket' });
    expect(byName.get('auc-low')).toMatchObject({
      expr: 'ballast_performance_estimated{deployment="credit",metric="roc_auc"} < 0.7',
      for: '5m',
    });
    expect(byName.get('auc-low')).not.toHaveProperty('keep_firing_for');
    expect(byName.get('accuracy-low')!.expr).toBe('ballast_performance_realized{deployment="credit",metric="accuracy"} < 0.8');
    expect(byName.get('conversions-low')!.expr).toBe('ballast_kpi_value{deployment="credit",kpi="conversion_rate"} < 0.02');
    // A 10 s window reads a minute of the histogram: a rate needs two scrapes.
    expect(byName.get('slow')!.expr).toBe(
      'histogram_quantile(0.99, sum by (le) (rate(ballast_prediction_latency_seconds_bucket{deployment="credit"}[1m]))) * 1000 > 50',
    );
    expect(byName.get('failing')!.expr).toMatch(
      /^sum\(rate\(ballast_prediction_errors_total\{deployment="credit",code=~"[a-z_|]*internal[a-z_|]*"\}\[5m\]\)\) \/ \(.* \+ sum\(rate\(ballast_prediction_latency_seconds_count\{deployment="credit"\}\[5m\]\)\)\) > 0.01$/,
    );
    expect(byName.get('failing')!.expr).not.toContain('invalid_argument');
    expect(byName.get('busy')!.expr).toBe('sum(rate(ballast_predictions_total{deployment="credit"}[1m])) > 1000');
    expect(byName.get('log-behind')!.expr).toBe('ballast_log_queued_records > 10000');
    expect(byName.get('reviews-piling')!.expr).toBe('ballast_review_queue_size{deployment="credit"} > 100');
  });

  it('names the rules left out and why', () => {
    expect(result.skipped.map((s) => `${s.rule} ${s.signal}`)).toEqual([
      'multivariate drift.multivariate',
      'contract contract.violation_rate',
      'ece calibration.ece',
      'budget slo.availability.page',
      'review-late governance.review_overdue',
    ]);
    for (const s of result.skipped) expect(s.reason.length).toBeGreaterThan(10);
    expect(result.skipped.at(-1)!.reason).toMatch(/periodic review schedules/);
  });

  it('quotes label values so a column name cannot break the expression', () => {
    const quoted = prometheusRules([rule('odd', 'quality.missing.a"b\\c', { deployment: 'x' })]);
    expect((parse(quoted.text) as { groups: { rules: { expr: string }[] }[] }).groups[0]!.rules[0]!.expr).toBe(
      'ballast_missing_share{deployment="x",column="a\\"b\\\\c"} > 0.3',
    );
  });

  it('writes an empty group when nothing can be exported', () => {
    expect(parse(prometheusRules([]).text)).toEqual({ groups: [{ name: 'ballast', rules: [] }] });
  });
});

describe.skipIf(!hasPromtool)('the exported rules, checked by a real promtool', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ballast-promtool-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes promtool check rules', async () => {
    writeFileSync(path.join(dir, 'rules.yml'), prometheusRules(RULES).text);
    const checked = await promtool(['check', 'rules', 'rules.yml'], dir);
    expect(checked.output).toContain('SUCCESS: 11 rules found');
    expect(checked.code, checked.output).toBe(0);
  });

  it('fires as Ballast would on series that cross the threshold (promtool test rules)', async () => {
    writeFileSync(path.join(dir, 'rules.yml'), prometheusRules(RULES.slice(0, 1).concat(RULES[7]!)).text);
    // drift share 0.1 then 0.5 from minute 2: pending 30 s, firing from 2m30s; it keeps firing a minute after falling back at 5m.
    // 5xx failures: 2 of 100 requests a second from minute 0 (2%) against 1% → firing once the 5m rate has data.
    writeFileSync(
      path.join(dir, 'test.yml'),
      [
        'rule_files: [rules.yml]',
        'evaluation_interval: 15s',
        'tests:',
        '  - interval: 15s',
        '    input_series:',
        '      - series: \'ballast_drift_share{deployment="credit",model="credit",version="1"}\'',
        '        values: "0.1x7 0.5x11 0.1x20"',
        '      - series: \'ballast_prediction_errors_total{deployment="credit",code="internal"}\'',
        '        values: "0+30x40"',
        '      - series: \'ballast_prediction_errors_total{deployment="credit",code="invalid_argument"}\'',
        '        values: "0+3000x40"',
        '      - series: \'ballast_prediction_latency_seconds_count{deployment="credit",model="credit",version="1"}\'',
        '        values: "0+1470x40"',
        '    alert_rule_test:',
        '      - eval_time: 2m15s',
        '        alertname: inputs-drifted',
        '        exp_alerts: []',
        '      - eval_time: 2m30s',
        '        alertname: inputs-drifted',
        '        exp_alerts:',
        '          - exp_labels: {severity: page, deployment: credit, ballast_rule: inputs-drifted, model: credit, version: "1"}',
        '            exp_annotations: {summary: "credit: drift.share > 0.3", description: Inputs drifted, value: "0.5"}',
        // Kept firing after the share fell back: Prometheus keeps the value of the last evaluation that held.
        '      - eval_time: 5m30s',
        '        alertname: inputs-drifted',
        '        exp_alerts:',
        '          - exp_labels: {severity: page, deployment: credit, ballast_rule: inputs-drifted, model: credit, version: "1"}',
        '            exp_annotations: {summary: "credit: drift.share > 0.3", description: Inputs drifted, value: "0.5"}',
        '      - eval_time: 6m30s',
        '        alertname: inputs-drifted',
        '        exp_alerts: []',
        '      - eval_time: 5m',
        '        alertname: failing',
        '        exp_alerts:',
        '          - exp_labels: {severity: page, deployment: credit, ballast_rule: failing}',
        '            exp_annotations: {summary: "credit: errors.rate > 0.01", description: "Ballast rule failing: errors.rate of credit above 0.01.", value: "0.02"}',
      ].join('\n'),
    );
    const tested = await promtool(['test', 'rules', 'test.yml'], dir);
    expect(tested.code, tested.output).toBe(0);
    expect(tested.output).toContain('SUCCESS');
  });
});

describe.skipIf(hasPromtool)(PROMTOOL_SKIPPED, () => {
  it('checks the exported rules with promtool where it is installed', () => {});
});
