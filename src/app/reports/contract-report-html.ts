import type { ReportIssue, Severity, ValidationReport, ViolationCode } from '../../core/contracts/contract-types.ts';
import { formatCount, formatShare, plural } from '../../core/format-numbers.ts';

export interface ReportPageContext {
  readonly contractName: string;
  readonly dataFile: string;
  readonly checkedAt: Date | string;
}

const RULE_NAMES: Record<ViolationCode, string> = {
  missing_column: 'Column missing',
  unexpected_column: 'Unexpected column',
  type_mismatch: 'Wrong type',
  null_not_allowed: 'Missing value',
  missing_share: 'Too many missing',
  out_of_range: 'Out of range',
  unknown_category: 'Unknown category',
  pattern_mismatch: 'Pattern mismatch',
  not_unique: 'Not unique',
  row_count: 'Row count',
  duplicate_rows: 'Duplicate rows',
  label_imbalance: 'Label imbalance',
  stale_data: 'Stale data',
};

/**
 * The validation report as one self-contained HTML page (`ballast contract validate --html`): a
 * pass/fail banner, the counts, then the issues grouped by column (dataset-wide rules first) with
 * severity chips, the share of rows as a bar, and example rows. Inline CSS, no script, no external
 * resource, so it opens from a file or an attachment anywhere. Every value from the data or the
 * contract is escaped: a report on hostile data must not run that data.
 */
export function renderValidationReportHtml(report: ValidationReport, context: ReportPageContext): string {
  const errors = report.issues.filter((i) => i.severity === 'error').length;
  const warnings = report.issues.length - errors;
  const checkedAt = typeof context.checkedAt === 'string' ? context.checkedAt : context.checkedAt.toISOString();
  const verdict = report.passed ? (warnings > 0 ? 'Passed with warnings' : 'Passed') : 'Failed';
  const summary = report.passed
    ? warnings > 0
      ? 'Every error-severity rule holds; the warnings below do not fail the check.'
      : 'Every rule of the contract holds.'
    : `${plural(errors, 'error-severity rule fails', 'error-severity rules fail')}; the data does not meet the contract.`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${verdict}: ${context.dataFile} against ${context.contractName}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
<p class="eyebrow">Ballast data contract report</p>
<h1>${escapeHtml(context.dataFile)}</h1>
<p class="meta">Contract <strong>${escapeHtml(context.contractName)}</strong> · checked <time datetime="${escapeHtml(checkedAt)}">${escapeHtml(checkedAt)}</time></p>
</header>
<section class="banner ${report.passed ? 'pass' : 'fail'}" role="status">
<span class="verdict">${report.passed ? '✓' : '✗'} ${verdict}</span>
<span>${escapeHtml(summary)}</span>
</section>
<section class="counts" aria-label="Counts">
${countCard('Rows checked', report.rows)}
${countCard('Issues', report.issues.length)}
${countCard('Errors', errors, errors > 0 ? 'error' : '')}
${countCard('Warnings', warnings, warnings > 0 ? 'warn' : '')}
${countCard('Columns affected', new Set(report.issues.filter((i) => i.column !== null).map((i) => i.column)).size)}
</section>
${report.issues.length === 0 ? '<p class="empty">No issues: nothing to show.</p>' : groups(report.issues).map(renderGroup).join('\n')}
</main>
</body>
</html>
`;
}

function countCard(label: string, value: number, tone = ''): string {
  return `<div class="count ${tone}"><span class="value">${formatCount(value)}</span><span class="label">${label}</span></div>`;
}

interface IssueGroup {
  readonly column: string | null;
  readonly issues: ReportIssue[];
}

/** Dataset-wide issues first, then columns in the order the report names them. */
function groups(issues: readonly ReportIssue[]): IssueGroup[] {
  const byColumn = new Map<string | null, ReportIssue[]>();
  if (issues.some((i) => i.column === null)) byColumn.set(null, []);
  for (const issue of issues) {
    const list = byColumn.get(issue.column) ?? [];
    list.push(issue);
    byColumn.set(issue.column, list);
  }
  return [...byColumn].map(([column, list]) => ({ column, issues: list }));
}

function renderGroup(group: IssueGroup): string {
  const title = group.column === null ? 'Whole dataset' : `Column <code>${escapeHtml(group.column)}</code>`;
  const worst: Severity = group.issues.some((i) => i.severity === 'error') ? 'error' : 'warn';
  return `<section class="group">
<h2>${title} ${chip(worst, plural(group.issues.length, 'issue', 'issues'))}</h2>
<table>
<colgroup><col class="c-severity"><col class="c-rule"><col class="c-count"><col class="c-share"><col><col class="c-examples"></colgroup>
<thead><tr><th>Severity</th><th>Rule</th><th class="num">Count</th><th>Share</th><th>What failed</th><th>Examples</th></tr></thead>
<tbody>
${group.issues.map(renderIssue).join('\n')}
</tbody>
</table>
</section>`;
}

function renderIssue(issue: ReportIssue): string {
  const share = Math.min(1, Math.max(0, issue.share));
  return `<tr>
<td>${chip(issue.severity, issue.severity)}</td>
<td><span class="rule">${RULE_NAMES[issue.code]}</span><br><code class="code">${issue.code}</code></td>
<td class="num">${formatCount(issue.count)}</td>
<td class="share"><div class="bar ${issue.severity}" role="img" aria-label="${formatShare(share)}"><span style="width:${(share * 100).toFixed(2)}%"></span></div>${formatShare(share)}</td>
<td>${escapeHtml(issue.message)}</td>
<td>${renderExamples(issue.examples)}</td>
</tr>`;
}

function renderExamples(examples: ReportIssue['examples']): string {
  if (examples.length === 0) return '<span class="none">—</span>';
  const items = examples.map((e) => `<li><span class="row">row ${formatCount(e.row)}</span> ${renderValue(e.value)}</li>`);
  return `<ul class="examples">${items.join('')}</ul>`;
}

function renderValue(value: unknown): string {
  if (value === '' || value === null || value === undefined) return '<span class="none">(empty)</span>';
  if (typeof value === 'string') return `<code>${escapeHtml(value)}</code>`;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const cells = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => `${escapeHtml(k)}=${escapeHtml(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))}`,
    );
    return `<code class="record">${cells.join(', ')}</code>`;
  }
  return `<code>${escapeHtml(JSON.stringify(value) ?? String(value))}</code>`;
}

function chip(severity: Severity, text: string): string {
  return `<span class="chip ${severity}">${escapeHtml(text)}</span>`;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const STYLE = `
:root { color-scheme: light; --fg: #1c2430; --muted: #5b6677; --line: #dde2ea; --bg: #f6f7f9; --card: #fff;
  --error: #b42318; --error-bg: #fde8e7; --warn: #915c00; --warn-bg: #fff3d6; --pass: #17663a; --pass-bg: #e3f5ea; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 24px 48px; }
header h1 { margin: 2px 0 4px; font-size: 22px; word-break: break-all; }
.eyebrow { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: .06em; font-size: 12px; }
.meta { margin: 0; color: var(--muted); }
.banner { display: flex; gap: 16px; align-items: center; margin: 20px 0 16px; padding: 14px 18px; border-radius: 10px; border: 1px solid; }
.banner.pass { background: var(--pass-bg); border-color: #a8dcbb; color: var(--pass); }
.banner.fail { background: var(--error-bg); border-color: #f4b5b0; color: var(--error); }
.verdict { font-weight: 700; font-size: 18px; white-space: nowrap; }
.counts { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin-bottom: 24px; }
.count { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 16px; display: flex; flex-direction: column; }
.count .value { font-size: 24px; font-weight: 700; font-variant-numeric: tabular-nums; }
.count .label { color: var(--muted); }
.count.error .value { color: var(--error); } .count.warn .value { color: var(--warn); }
.group { background: var(--card); border: 1px solid var(--line); border-radius: 10px; margin-bottom: 18px; overflow: hidden; }
.group h2 { font-size: 16px; margin: 0; padding: 12px 16px; border-bottom: 1px solid var(--line); display: flex; gap: 10px; align-items: center; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.c-severity { width: 84px; } .c-rule { width: 170px; } .c-count { width: 90px; } .c-share { width: 150px; } .c-examples { width: 30%; }
th, td { text-align: left; vertical-align: top; padding: 10px 16px; border-bottom: 1px solid var(--line); }
tr:last-child td { border-bottom: 0; }
th { font-size: 12px; color: var(--muted); font-weight: 600; background: #fafbfc; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.chip { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.chip.error { background: var(--error-bg); color: var(--error); } .chip.warn { background: var(--warn-bg); color: var(--warn); }
.rule { font-weight: 600; } .code { color: var(--muted); font-size: 12px; word-break: normal; }
.share { white-space: nowrap; font-variant-numeric: tabular-nums; }
.bar { height: 8px; background: #edf0f4; border-radius: 4px; overflow: hidden; margin: 5px 0 4px; }
.bar span { display: block; height: 100%; min-width: 2px; }
.bar.error span { background: var(--error); } .bar.warn span { background: #d89614; }
code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f1f3f6; padding: 1px 5px; border-radius: 4px; word-break: break-all; }
h2 code { font-size: 15px; }
.examples { list-style: none; margin: 0; padding: 0; }
.examples li { margin-bottom: 3px; }
.row { color: var(--muted); font-size: 12px; margin-right: 4px; white-space: nowrap; }
.none { color: var(--muted); }
.empty { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px; color: var(--muted); }
`;
