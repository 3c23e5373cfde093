import type {
  CategoricalDriftMetrics,
  ColumnDrift,
  DriftReport,
  MultivariateDrift,
  NumericDriftMetrics,
} from '../../core/drift/drift-report.ts';
import { escapeHtml } from './contract-report-html.ts';
import { renderDistributionChart, chartData } from './drift-report-chart.ts';
import { NONE, formatCount, formatShare, formatSignedShare, plural } from '../../core/format-numbers.ts';
import {
  DECISION_LABELS,
  EFFECT_LABELS,
  METHOD_LABELS,
  decisionOf,
  decisionReason,
  formatStatistic,
  formatP,
  missingnessSentence,
  type ColumnDecision,
} from './drift-report-format.ts';
import { DRIFT_REPORT_STYLE } from './drift-report-style.ts';
import type { RankedColumnDrift } from '../monitoring/importance-ranks.ts';
import { datasetVerdict } from '../../core/drift/dataset-verdict.ts';

export interface DriftPageContext {
  readonly reference: string;
  readonly current: string;
  readonly generatedAt: Date | string;
  /**
   * The significance level the check used, for the sentences that explain each decision (the report
   * carries adjusted p-values but not the level they were compared with). Defaults to 0.05.
   */
  readonly alpha?: number;
  /** drift (default): drifted columns first, then by effect size; importance: by the columns' importance_rank. */
  readonly order?: 'drift' | 'importance';
}

/**
 * The drift report as one self-contained HTML page (`ballast drift --html`): a banner with the
 * dataset's verdict, a summary table (drifted columns first, then by effect size), and per column the
 * two distributions overlaid, every metric, the sample sizes and the decision in words. Inline CSS and
 * SVG, no script, no external resource. Every value from the data is escaped: column and category
 * names come from files nobody vetted, and a report on hostile data must not run that data.
 */
export function renderDriftReportHtml(report: DriftReport, context: DriftPageContext): string {
  const alpha = context.alpha ?? 0.05;
  const generatedAt = typeof context.generatedAt === 'string' ? context.generatedAt : context.generatedAt.toISOString();
  const { dataset } = report;
  const verdict = datasetVerdict(dataset);
  const undecided = report.columns.filter((c) => decisionOf(c) === 'undecided').length;
  const skipped = report.skipped ?? [];
  // Anchors use the column's position, not its name: names may hold anything, including duplicates.
  // The sections follow the summary table's order, so reading down the page matches reading down the table.
  const indexed = report.columns
    .map((column, index) => ({ column, id: `column-${index + 1}` }))
    .sort((a, b) => (context.order === 'importance' ? byImportance(a.column, b.column) : 0) || summaryOrder(a.column, b.column));
  const ranked = report.columns.some((c) => 'importance_rank' in c);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${verdict.headline}: ${context.current} against ${context.reference}`)}</title>
<style>${DRIFT_REPORT_STYLE}</style>
</head>
<body>
<main>
<header>
<p class="eyebrow">Ballast drift report</p>
<h1>${escapeHtml(context.current)}</h1>
<p class="meta">against reference <strong>${escapeHtml(context.reference)}</strong> · generated <time datetime="${escapeHtml(generatedAt)}">${escapeHtml(generatedAt)}</time></p>
</header>
<section class="banner ${dataset.drifted ? 'fail' : 'pass'}" role="status">
<div class="line"><span class="verdict">${dataset.drifted ? '✗' : '✓'} ${escapeHtml(verdict.headline)}</span>
<span>${escapeHtml(verdict.reasons)}</span></div>
${dataset.multivariate ? `<p class="multivariate">${multivariateSentence(dataset.multivariate, alpha)}</p>` : ''}
</section>
<section class="counts" aria-label="Counts">
${countCard('Columns compared', formatCount(dataset.columns))}
${countCard('Drifted', formatCount(dataset.drifted_columns), dataset.drifted_columns > 0 ? 'error' : '')}
${countCard(`Drifted share (threshold ${formatShare(dataset.share_threshold)})`, formatShare(dataset.drifted_share), dataset.drifted ? 'error' : '')}
${countCard('Missing share changed', formatCount(dataset.missingness_changed_columns), dataset.missingness_changed_columns > 0 ? 'error' : '')}
${countCard('No decision', formatCount(undecided))}
${countCard('Skipped', formatCount(skipped.length))}
</section>
${report.columns.length === 0 ? '<p class="empty">No columns were compared.</p>' : summaryTable(indexed, ranked)}
${skipped.length > 0 ? skippedTable(skipped) : ''}
${indexed.map(({ column, id }) => columnSection(column, id, alpha)).join('\n')}
</main>
</body>
</html>
`;
}

function multivariateSentence(m: MultivariateDrift, alpha: number): string {
  const change = m.effect_size.value;
  const head = `<strong>Multivariate (PCA reconstruction over ${plural(m.columns.length, 'column', 'columns')}): ${m.drifted ? 'drifted' : 'not drifted'}</strong>`;
  const parts = [
    `mean reconstruction error ${formatStatistic(m.statistic)} against ${formatStatistic(m.reference_mean)} in the reference`,
    `change ${formatSignedShare(change)} (threshold ${formatShare(m.effect_size.threshold)})`,
    `p ${formatP(m.p_value)}${m.p_value === null ? '' : m.p_value < alpha ? ` < ${formatP(alpha)}` : ` ≥ ${formatP(alpha)}`}`,
  ];
  return `${head} — ${escapeHtml(parts.join('; '))}${m.note ? `. ${escapeHtml(m.note)}` : ''}`;
}

function summaryTable(indexed: readonly { column: ColumnDrift; id: string }[], ranked: boolean): string {
  const rows = indexed.map(({ column, id }) => {
    const decision = decisionOf(column);
    return `<tr>
${ranked ? `<td class="num">${importanceRankOf(column) ?? NONE}</td>\n` : ''}<td><a href="#${id}"><code>${escapeHtml(column.name)}</code></a></td>
<td>${column.type}</td>
<td>${METHOD_LABELS[column.method]}</td>
<td class="num">${formatStatistic(column.statistic)}</td>
<td class="num">${formatP(column.p_value)}</td>
<td>${effectBar(column)}</td>
<td>${chip(decision)}</td>
</tr>`;
  });
  return `<section class="card" aria-label="Summary">
<h2>Columns</h2>
<table>
<thead><tr>${ranked ? '<th class="num" title="rank in the model version\'s global importance">Importance rank</th>' : ''}<th>Column</th><th>Type</th><th>Test</th><th class="num">Statistic</th><th class="num">Adjusted p</th><th>Effect size vs threshold</th><th>Decision</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>`;
}

/** The column's rank in the version's global importance, when the report carries ranks. */
function importanceRankOf(column: ColumnDrift): number | null {
  return (column as Partial<RankedColumnDrift>).importance_rank ?? null;
}

/** For `--order importance`: ranked columns first, most important first; the rest keep the drift order. */
function byImportance(a: ColumnDrift, b: ColumnDrift): number {
  return (importanceRankOf(a) ?? Infinity) - (importanceRankOf(b) ?? Infinity) || 0;
}

/** Drifted first, then the largest effects (the shifts most worth a look), columns without one last. */
function summaryOrder(a: ColumnDrift, b: ColumnDrift): number {
  const rank = (c: ColumnDrift): number =>
    (({ drifted: 0, stable: 1, undecided: 2 }) satisfies Record<ColumnDecision, number>)[decisionOf(c)];
  const effect = (c: ColumnDrift): number => c.effect_size.value ?? -Infinity;
  return rank(a) - rank(b) || effect(b) - effect(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** The effect as a bar whose scale puts the threshold mark halfway, unless the effect is larger still. */
function effectBar(column: ColumnDrift): string {
  const { value, threshold, name } = column.effect_size;
  const label = `${EFFECT_LABELS[name]} ${formatStatistic(value)}, threshold ${formatStatistic(threshold)}`;
  if (value === null)
    return `<span class="effect"><span class="none">${NONE}</span><span class="threshold">/ ${formatStatistic(threshold)}</span></span>`;
  const scale = Math.max(threshold * 2, value, Number.MIN_VALUE);
  const width = (Math.max(0, value) / scale) * 100;
  const mark = (threshold / scale) * 100;
  return (
    `<span class="effect"><span class="ebar${value >= threshold ? ' over' : ''}" role="img" aria-label="${escapeHtml(label)}">` +
    `<span style="width:${width.toFixed(1)}%"></span><i style="left:${mark.toFixed(1)}%"></i></span>` +
    `${formatStatistic(value)} <span class="threshold">/ ${formatStatistic(threshold)}</span></span>`
  );
}

function skippedTable(skipped: readonly { name: string; reason: string }[]): string {
  const rows = skipped.map((s) => `<tr><td><code>${escapeHtml(s.name)}</code></td><td>${escapeHtml(s.reason)}</td></tr>`);
  return `<section class="card" aria-label="Skipped columns">
<h2>Not compared</h2>
<table>
<thead><tr><th>Column</th><th>Why</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>`;
}

function columnSection(column: ColumnDrift, id: string, alpha: number): string {
  const decision = decisionOf(column);
  const data = chartData(column.distribution, column.type);
  const merged =
    data.merged > 0
      ? `<p class="merged">${plural(column.distribution.bins.length, 'category', 'categories')}: the ${formatCount(data.bins.length - 1)} largest are drawn, the other ${formatCount(data.merged)} share the last bar.</p>`
      : '';
  return `<section class="card column" id="${id}">
<h2>Column <code>${escapeHtml(column.name)}</code> ${chip(decision)} <span class="kind">${column.type} · ${METHOD_LABELS[column.method]} test · ${EFFECT_LABELS[column.effect_size.name]} effect</span></h2>
<div class="body">
<p class="reason ${decision}">${escapeHtml(decisionReason(column, alpha))}</p>
${column.note ? `<p class="note">Note: ${escapeHtml(column.note)}</p>` : ''}
${column.missingness ? `<p class="missing${column.missingness.changed ? ' changed' : ''}">${escapeHtml(capitalised(missingnessSentence(column.missingness)))}.</p>` : ''}
${renderDistributionChart(column.distribution, column.type, column.name)}
${merged}
<div class="tables">
${metricsTable(column)}
${samplesTable(column)}
</div>
</div>
</section>`;
}

function metricsTable(column: ColumnDrift): string {
  const decidingEffect = column.effect_size.name;
  const rows: [string, string, boolean][] = [];
  if (isNumeric(column.metrics)) {
    const m = column.metrics;
    rows.push(['KS statistic D', formatStatistic(m.ks.statistic), false], ['KS p-value', formatP(m.ks.p_value), false]);
    rows.push(['Adjusted p-value (Benjamini–Hochberg)', formatP(column.p_value), true]);
    rows.push(['Wasserstein distance', formatStatistic(m.wasserstein), false]);
    rows.push([
      `Normalised Wasserstein${threshold(column, 'wasserstein_norm')}`,
      formatStatistic(m.wasserstein_norm),
      decidingEffect === 'wasserstein_norm',
    ]);
    rows.push(['PSI', formatStatistic(m.psi), false]);
    rows.push(['Jensen–Shannon distance', formatStatistic(m.jensen_shannon), false]);
  } else {
    const m = column.metrics;
    rows.push(['Chi-square statistic', formatStatistic(m.chi2.statistic), false], ['Chi-square p-value', formatP(m.chi2.p_value), false]);
    rows.push(['Adjusted p-value (Benjamini–Hochberg)', formatP(column.p_value), true]);
    rows.push(['PSI', formatStatistic(m.psi), false]);
    rows.push([`Total variation distance${threshold(column, 'tvd')}`, formatStatistic(m.tvd), decidingEffect === 'tvd']);
    rows.push(['Jensen–Shannon distance', formatStatistic(m.jensen_shannon), false]);
  }
  const body = rows.map(
    ([name, value, decides]) => `<tr${decides ? ' class="decides"' : ''}><td>${name}</td><td class="num">${value}</td></tr>`,
  );
  return `<table class="metrics"><thead><tr><th>Metric</th><th class="num">Value</th></tr></thead><tbody>
${body.join('\n')}
</tbody></table>`;
}

function threshold(column: ColumnDrift, name: ColumnDrift['effect_size']['name']): string {
  return column.effect_size.name === name ? ` (threshold ${formatStatistic(column.effect_size.threshold)})` : '';
}

function samplesTable(column: ColumnDrift): string {
  return `<table class="samples"><thead><tr><th></th><th class="num">Reference</th><th class="num">Current</th></tr></thead><tbody>
<tr><td>n</td><td class="num">${formatCount(column.n_reference)}</td><td class="num">${formatCount(column.n_current)}</td></tr>
<tr><td>Missing</td><td class="num">${formatCount(column.missing_reference)}</td><td class="num">${formatCount(column.missing_current)}</td></tr>
${column.missingness ? `<tr><td>Missing share</td><td class="num">${formatShare(column.missingness.reference_share)}</td><td class="num">${formatShare(column.missingness.current_share)}</td></tr>` : ''}
</tbody></table>`;
}

function isNumeric(metrics: NumericDriftMetrics | CategoricalDriftMetrics): metrics is NumericDriftMetrics {
  return 'ks' in metrics;
}

function countCard(label: string, value: string, tone = ''): string {
  return `<div class="count ${tone}"><span class="value">${value}</span><span class="label">${escapeHtml(label)}</span></div>`;
}

function chip(decision: ColumnDecision): string {
  return `<span class="chip ${decision}">${DECISION_LABELS[decision]}</span>`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
