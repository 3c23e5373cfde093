import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTRACT_FORMAT, type Contract, type ValidationReport } from '../../core/contracts/contract-types.ts';
import { DatasetValidator } from '../../core/contracts/dataset-validator.ts';
import { parseCsv } from '../../core/csv.ts';
import { escapeHtml, renderValidationReportHtml } from './contract-report-html.ts';

const contract: Contract = {
  format: CONTRACT_FORMAT,
  name: 'credit-applications',
  columns: {
    applicant_id: { type: 'string', unique: true, pattern: 'A-\\d{4}' },
    age: { type: 'integer', min: 18, max: 100, nullable: false },
    income: { type: 'number', min: 0, missing_max: 0.1, severity: 'warn' },
    purpose: { type: 'category', values: ['car', 'home', 'education'] },
    applied_at: { type: 'timestamp' },
    defaulted: { type: 'integer' },
  },
  dataset: {
    row_count: { min: 10 },
    duplicate_rows_max: 0,
    label: { column: 'defaulted', min_minority_share: 0.3 },
    freshness: { column: 'applied_at', max_delay: '7d' },
  },
};

const csv = `applicant_id,age,income,purpose,applied_at,defaulted
A-0001,34,52000,car,2024-05-20,0
A-0002,17,,home,2024-05-21,0
A-0003,45,81000,<script>alert(1)</script>,2024-05-22,1
A-0003,abc,,car,2024-05-22,0
B-77,52,,education,2024-05-23,0
B-77,52,,education,2024-05-23,0
`;

function validate(): ValidationReport {
  const { columns, records } = parseCsv(csv, 'applications.csv');
  const validator = new DatasetValidator(contract, { now: new Date('2024-06-15T00:00:00Z') });
  validator.addChunk({ columns, rows: records.map((r) => ({ row: r.row, cells: r.fields })) });
  return validator.finish();
}

const context = { contractName: 'credit-applications v3', dataFile: 'applications.csv', checkedAt: new Date('2024-06-15T08:30:00Z') };

describe('renderValidationReportHtml', () => {
  it('renders a failing report with a banner, counts and issues grouped by column', () => {
    const report = validate();
    const html = renderValidationReportHtml(report, context);
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync(path.join('test-artifacts', 'contract-report.html'), html);

    expect(report.passed).toBe(false);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('class="banner fail"');
    expect(html).toContain('✗ Failed');
    expect(html).toContain('<span class="value">6</span><span class="label">Rows checked</span>');
    expect(html).toContain(`<span class="value">${report.issues.length}</span><span class="label">Issues</span>`);
    // Dataset-wide rules come first, then each column once, in the report's order.
    const headings = [...html.matchAll(/<h2>(.*?) <span/g)].map((m) => m[1]);
    expect(headings).toEqual([
      'Whole dataset',
      'Column <code>applicant_id</code>',
      'Column <code>age</code>',
      'Column <code>income</code>',
      'Column <code>purpose</code>',
    ]);
    for (const issue of report.issues) expect(html).toContain(`<code class="code">${issue.code}</code>`);
    expect(html).toContain('<span class="row">row 4</span> <code>abc</code>');
    expect(html).toContain('<span class="chip warn">warn</span>');
    // The share is drawn as a bar as wide as the share.
    expect(html).toContain('<span style="width:66.67%"></span></div>66.7%');
    // Self-contained: no script and nothing fetched from elsewhere.
    expect(html).not.toMatch(/<script|<link|src=|@import|https?:/i);
  });

  it('escapes values, names and messages from the data and the contract', () => {
    const report: ValidationReport = {
      passed: false,
      rows: 1,
      issues: [
        {
          code: 'unknown_category',
          column: '<img src=x onerror=alert(1)>',
          severity: 'error',
          count: 1,
          share: 1,
          examples: [
            { row: 1, value: '<script>alert("x")</script>' },
            { row: 2, value: { '<b>': '"q"' } },
          ],
          message: '1 value is not one of "<script>"',
        },
      ],
    };
    const html = renderValidationReportHtml(report, {
      contractName: '<script>c</script>',
      dataFile: "a'b.csv",
      checkedAt: '2024-01-01T00:00:00Z',
    });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('Column <code>&lt;img src=x onerror=alert(1)&gt;</code>');
    expect(html).toContain('a&#39;b.csv');
  });

  it('renders a clean report as passed', () => {
    const html = renderValidationReportHtml({ passed: true, rows: 1234, issues: [] }, context);
    expect(html).toContain('class="banner pass"');
    expect(html).toContain('✓ Passed');
    expect(html).toContain('<span class="value">1,234</span>');
    expect(html).toContain('No issues');
  });

  it('says when only warnings were found', () => {
    const warning = { code: 'missing_share', column: 'x', severity: 'warn', count: 3, share: 0.3, examples: [], message: 'm' } as const;
    const html = renderValidationReportHtml({ passed: true, rows: 10, issues: [warning] }, context);
    expect(html).toContain('✓ Passed with warnings');
  });

  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
