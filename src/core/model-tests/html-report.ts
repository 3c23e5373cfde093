import { boundText } from './junit-report.ts';
import type { CheckResult, TestRunWire } from './suite-types.ts';

/**
 * A test run as one self-contained HTML page (`ballast test --html`): the verdict, then every check with its
 * values, bounds and intervals, the by-group table of a fairness check and the worst slices of a slices check.
 * Inline CSS, no script, no external resource, so it opens from a CI artifact anywhere; every value from the
 * suite, the data or an evaluator is escaped, since group names and slice labels come from the data.
 */
export function testRunHtml(run: TestRunWire): string {
  const failed = run.checks.filter((c) => !c.passed && c.severity === 'error').length;
  const warned = run.checks.filter((c) => !c.passed && c.severity === 'warning').length;
  const verdict = run.passed ? (warned > 0 ? 'Passed with warnings' : 'Passed') : 'Failed';
  const model = `${run.model.name}:${run.model.version}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`${verdict}: ${run.suite.name} on ${model}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
<p class="eyebrow">Ballast model test run</p>
<h1>${esc(run.suite.name)} · ${esc(model)}</h1>
<p class="meta">Run ${esc(run.id)} by ${esc(run.created_by)} at ${esc(run.created_at)} · data ${esc(run.data.file)} (${run.data.rows} rows, sha256 ${esc(run.data.hash.slice(0, 12))}) · suite sha256 ${esc(run.suite.hash.slice(0, 12))} · seed ${run.seed}</p>
</header>
<section class="banner ${run.passed ? 'pass' : 'fail'}" role="status"><span class="verdict">${run.passed ? '✓' : '✗'} ${verdict}</span>
<span>${run.checks.length - failed - warned} of ${run.checks.length} checks passed${failed > 0 ? `, ${failed} failed` : ''}${warned > 0 ? `, ${warned} warning${warned === 1 ? '' : 's'}` : ''}</span></section>
${run.checks.map(checkSection).join('\n')}
</main>
</body>
</html>
`;
}

function checkSection(check: CheckResult): string {
  const state = check.passed ? 'pass' : check.severity === 'error' ? 'fail' : 'warn';
  const mark = check.passed ? '✓' : '✗';
  return `<section class="check ${state}">
<h2><span class="mark">${mark}</span> ${esc(check.name)} <span class="type">${esc(check.type)}</span>${check.severity === 'warning' ? ' <span class="chip">warning</span>' : ''}</h2>
<p class="message">${esc(check.message)}</p>
${valuesTable(check)}${byGroupTable(check)}${slicesTable(check)}</section>`;
}

function valuesTable(check: CheckResult): string {
  const names = Object.keys(check.values);
  if (names.length === 0) return '';
  const rows = names.map((name) => {
    const bound = check.bounds[name];
    const interval = check.intervals?.[name];
    return `<tr><td>${esc(name)}</td><td class="num">${num(check.values[name])}</td><td>${bound ? esc(boundText(bound)) : ''}</td><td class="num">${interval ? `[${num(interval[0])}, ${num(interval[1])}]` : ''}</td></tr>`;
  });
  return `<table><thead><tr><th>value</th><th class="num">measured</th><th>bound</th><th class="num">interval</th></tr></thead><tbody>${rows.join('')}</tbody></table>\n`;
}

function byGroupTable(check: CheckResult): string {
  const groups = Object.entries(check.by_group ?? {});
  if (groups.length === 0) return '';
  const metrics = [...new Set(groups.flatMap(([, values]) => Object.keys(values)))];
  const head = `<tr><th>group</th>${metrics.map((m) => `<th class="num">${esc(m)}</th>`).join('')}</tr>`;
  const body = groups.map(
    ([group, values]) => `<tr><td>${esc(group)}</td>${metrics.map((m) => `<td class="num">${num(values[m])}</td>`).join('')}</tr>`,
  );
  return `<h3>By group</h3><table><thead>${head}</thead><tbody>${body.join('')}</tbody></table>\n`;
}

interface SliceRow {
  readonly column?: unknown;
  readonly slice?: unknown;
  readonly rows?: unknown;
  readonly value?: unknown;
  readonly worse_by?: unknown;
  readonly interval?: unknown;
  readonly judged?: unknown;
  readonly failed?: unknown;
}

/** The worst slices (details.slices of a slices check, worst first), at most 20. */
function slicesTable(check: CheckResult): string {
  const slices = (check.details as { slices?: unknown } | undefined)?.slices;
  if (!Array.isArray(slices) || slices.length === 0) return '';
  const body = (slices as SliceRow[]).slice(0, 20).map((s) => {
    const interval = Array.isArray(s.interval) ? `[${num(s.interval[0])}, ${num(s.interval[1])}]` : '';
    const state = s.failed === true ? 'failed' : s.judged === false ? 'too few rows' : '';
    return `<tr><td>${esc(String(s.column ?? ''))}</td><td>${esc(String(s.slice ?? ''))}</td><td class="num">${num(s.rows)}</td><td class="num">${num(s.value)}</td><td class="num">${num(s.worse_by)}</td><td class="num">${interval}</td><td>${state}</td></tr>`;
  });
  return `<h3>Worst slices</h3><table><thead><tr><th>column</th><th>slice</th><th class="num">rows</th><th class="num">value</th><th class="num">worse by</th><th class="num">interval</th><th></th></tr></thead><tbody>${body.join('')}</tbody></table>\n`;
}

function num(value: unknown): string {
  if (typeof value !== 'number') return value === null || value === undefined ? '–' : esc(String(value));
  if (!Number.isFinite(value)) return '–';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const STYLE = `
:root { --fg: #1c2430; --muted: #5b6677; --line: #dde2ea; --bg: #f6f7f9; --card: #fff; --fail: #b42318; --fail-bg: #fde8e7;
  --warn: #915c00; --warn-bg: #fff3d6; --pass: #17663a; --pass-bg: #e3f5ea; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 28px 24px 48px; }
h1 { margin: 2px 0 4px; font-size: 22px; word-break: break-all; }
.eyebrow { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: .06em; font-size: 12px; }
.meta { margin: 0; color: var(--muted); word-break: break-all; }
.banner { display: flex; gap: 16px; align-items: center; margin: 20px 0; padding: 14px 18px; border-radius: 10px; border: 1px solid; }
.banner.pass { background: var(--pass-bg); color: var(--pass); } .banner.fail { background: var(--fail-bg); color: var(--fail); }
.verdict { font-weight: 700; font-size: 18px; }
.check { background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--pass); border-radius: 10px; margin-bottom: 16px; padding: 4px 16px 12px; }
.check.fail { border-left-color: var(--fail); } .check.warn { border-left-color: var(--warn); }
.check h2 { font-size: 16px; margin: 10px 0 4px; } .check h3 { font-size: 13px; margin: 12px 0 4px; color: var(--muted); }
.fail .mark { color: var(--fail); } .warn .mark { color: var(--warn); } .pass .mark { color: var(--pass); }
.type { color: var(--muted); font-weight: 400; font-size: 13px; }
.chip { background: var(--warn-bg); color: var(--warn); border-radius: 999px; padding: 1px 8px; font-size: 12px; }
.message { margin: 0 0 8px; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); }
th { font-size: 12px; color: var(--muted); font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
`;
