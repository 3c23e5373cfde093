import type { PerformanceEstimationReport } from '../performance-estimation/file-performance.ts';
import { escapeHtml } from './contract-report-html.ts';

export interface PerformancePageContext {
  readonly reference: string;
  readonly analysis: string;
  readonly generatedAt: Date | string;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;color:#1d2430;margin:0;background:#f6f7f9}main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:4px 0}.eyebrow{color:#5b6573;text-transform:uppercase;font-size:12px;letter-spacing:.06em;margin:0}.meta{color:#5b6573}
.banner{padding:12px 16px;border-radius:8px;margin:16px 0}.pass{background:#e6f4ea}.fail{background:#fdecea}
section.metric{background:#fff;border:1px solid #e1e4e8;border-radius:8px;padding:16px;margin:16px 0}h2{font-size:16px;margin:0 0 8px}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}th,td{padding:4px 8px;border-bottom:1px solid #eef0f3;text-align:right}
th:first-child,td:first-child{text-align:left}.alert{color:#b3261e;font-weight:600}svg{width:100%;height:auto}
.legend span{margin-right:16px;color:#5b6573}`;

function format(value: number | null): string {
  return value === null ? '—' : value.toFixed(3);
}

/**
 * The CBPE estimates as one self-contained HTML page (`ballast performance … --html FILE`): per metric, a chart of
 * the estimate with its ±3 sampling-error band, the realised value where labels exist and the reference
 * alert band, then the numbers. Inline CSS and SVG, no script; every value from the files is escaped.
 */
export function renderPerformanceReportHtml(report: PerformanceEstimationReport, context: PerformancePageContext): string {
  const generatedAt = typeof context.generatedAt === 'string' ? context.generatedAt : context.generatedAt.toISOString();
  const metrics = Object.keys(report.chunks[0]?.metrics ?? {});
  const alerts = report.chunks.reduce((n, c) => n + Object.values(c.metrics).filter((e) => e.alert).length, 0);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`Estimated performance: ${context.analysis}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="eyebrow">Ballast performance estimation (CBPE)</p>
<h1>${escapeHtml(context.analysis)}</h1>
<p class="meta">${escapeHtml(report.problem)} classifier, classes ${report.classes.map((c) => `<strong>${escapeHtml(c)}</strong>`).join(', ')} · reference <strong>${escapeHtml(context.reference)}</strong> · generated <time datetime="${escapeHtml(generatedAt)}">${escapeHtml(generatedAt)}</time></p>
<section class="banner ${alerts > 0 ? 'fail' : 'pass'}" role="status">${alerts > 0 ? `✗ ${alerts} estimate${alerts === 1 ? '' : 's'} outside the reference band` : '✓ every estimate inside the reference band'}</section>
<p class="legend"><span>— estimated</span><span>░ ±3 sampling errors</span><span>● realised</span><span>┄ alert band (reference chunks)</span></p>
${metrics.map((m) => metricSection(report, m)).join('\n')}
</main>
</body>
</html>
`;
}

function metricSection(report: PerformanceEstimationReport, metric: string): string {
  const rows = report.chunks.map((c) => {
    const e = c.metrics[metric]!;
    return `<tr${e.alert ? ' class="alert"' : ''}><td>${c.start}–${c.end}</td><td>${c.rows}</td><td>${c.labelled_rows}</td><td>${format(e.estimated)}</td><td>${format(e.sampling_error)}</td><td>${format(e.realized)}</td><td>${format(e.lower)}–${format(e.upper)}</td><td>${e.alert ? 'alert' : ''}</td></tr>`;
  });
  return `<section class="metric"><h2>${escapeHtml(metric)}</h2>
${chart(report, metric)}
<table><thead><tr><th>rows</th><th>n</th><th>labelled</th><th>estimated</th><th>sampling error</th><th>realised</th><th>band</th><th></th></tr></thead>
<tbody>${rows.join('')}</tbody></table></section>`;
}

function chart(report: PerformanceEstimationReport, metric: string): string {
  const width = 900;
  const height = 220;
  const pad = 36;
  const points = report.chunks.map((c) => c.metrics[metric]!);
  const values = points
    .flatMap((p) => [
      p.estimated,
      p.realized,
      p.lower,
      p.upper,
      p.estimated !== null && p.sampling_error !== null ? p.estimated + 3 * p.sampling_error : null,
      p.estimated !== null && p.sampling_error !== null ? p.estimated - 3 * p.sampling_error : null,
    ])
    .filter((v): v is number => v !== null);
  if (values.length === 0) return '';
  const lo = Math.max(0, Math.min(...values) - 0.01);
  const hi = Math.min(1, Math.max(...values) + 0.01);
  const x = (i: number): number => pad + (points.length === 1 ? (width - 2 * pad) / 2 : (i * (width - 2 * pad)) / (points.length - 1));
  const y = (v: number): number => height - pad - ((v - lo) / (hi - lo || 1)) * (height - 2 * pad);
  const line = (pick: (i: number) => number | null): string =>
    points
      .map((_, i) => pick(i))
      .map((v, i) => (v === null ? '' : `${x(i).toFixed(1)},${y(v).toFixed(1)}`))
      .filter(Boolean)
      .join(' ');
  const upperBand = points
    .map((p, i) =>
      p.estimated === null || p.sampling_error === null
        ? null
        : `${x(i).toFixed(1)},${y(Math.min(1, p.estimated + 3 * p.sampling_error)).toFixed(1)}`,
    )
    .filter(Boolean);
  const lowerBand = points
    .map((p, i) =>
      p.estimated === null || p.sampling_error === null
        ? null
        : `${x(i).toFixed(1)},${y(Math.max(0, p.estimated - 3 * p.sampling_error)).toFixed(1)}`,
    )
    .filter(Boolean)
    .reverse();
  const first = points[0]!;
  const hline = (v: number | null): string =>
    v === null
      ? ''
      : `<line x1="${pad}" x2="${width - pad}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#b3261e" stroke-dasharray="4 4"/>`;
  return `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(metric)} per chunk">
<text x="4" y="${y(hi) + 4}" font-size="11" fill="#5b6573">${hi.toFixed(2)}</text><text x="4" y="${y(lo) + 4}" font-size="11" fill="#5b6573">${lo.toFixed(2)}</text>
<polygon points="${[...upperBand, ...lowerBand].join(' ')}" fill="#1a73e8" fill-opacity="0.12"/>
${hline(first.lower)}${hline(first.upper)}
<polyline points="${line((i) => points[i]!.estimated)}" fill="none" stroke="#1a73e8" stroke-width="2"/>
${points.map((p, i) => (p.realized === null ? '' : `<circle cx="${x(i).toFixed(1)}" cy="${y(p.realized).toFixed(1)}" r="3.5" fill="#188038"/>`)).join('')}
${points.map((p, i) => (p.alert && p.estimated !== null ? `<circle cx="${x(i).toFixed(1)}" cy="${y(p.estimated).toFixed(1)}" r="5" fill="none" stroke="#b3261e" stroke-width="2"/>` : '')).join('')}
</svg>`;
}
