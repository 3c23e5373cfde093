import { describe, expect, it } from 'vitest';
import type { PerformanceEstimationReport } from '../performance-estimation/file-performance.ts';
import { renderPerformanceReportHtml } from './performance-report-html.ts';

const metric = (estimated: number | null, realized: number | null, alert: boolean) => ({
  estimated,
  realized,
  sampling_error: 0.01,
  lower: 0.7,
  upper: 0.9,
  alert,
});

const report: PerformanceEstimationReport = {
  problem: 'binary',
  classes: ['<img src=x onerror=alert(1)>', 'yes'],
  calibrated: [true],
  chunks: [
    { start: 0, end: 9, rows: 10, labelled_rows: 10, metrics: { accuracy: metric(0.8, 0.82, false) } },
    { start: 10, end: 19, rows: 10, labelled_rows: 0, metrics: { accuracy: metric(0.6, null, true) } },
  ],
};

describe('renderPerformanceReportHtml', () => {
  const page = renderPerformanceReportHtml(report, { reference: 'ref.csv', analysis: 'a<b>.csv', generatedAt: '2026-12-06T00:00:00Z' });

  it('escapes names from the files', () => {
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('a&lt;b&gt;.csv');
  });

  it('says how many estimates alert, marks their rows, and draws realised values only where labels exist', () => {
    expect(page).toContain('✗ 1 estimate outside the reference band');
    expect(page).toMatch(/<tr class="alert"><td>10–19<\/td>/);
    expect(page.match(/fill="#188038"/g)).toHaveLength(1);
  });

  it('has no script', () => {
    expect(page).not.toMatch(/<script/i);
  });
});
