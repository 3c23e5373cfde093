import type { DeploymentPerformance, PerformanceWindow } from '../../app/performance/deployment-performance.ts';
import { formatShare } from '../../core/format-numbers.ts';
import { formatKpiComparison, formatKpiValue } from '../format-kpis.ts';

/** The few metrics a table shows per task; `--json` has them all. */
const KEY_METRICS = { classification: ['accuracy', 'f1', 'roc_auc'], regression: ['mae', 'rmse', 'r2'] } as const;

const value = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : x.toFixed(3));

/** A metric's cell: the realised value, then the estimate (`~`) where there is one, `!` when it is outside its band. */
function cell(window: PerformanceWindow, name: string): string {
  const metric = window.metrics[name];
  if (metric === undefined) return '';
  const estimate = metric.estimated === null ? '' : ` ~${value(metric.estimated)}${metric.alert ? '!' : ''}`;
  return `${value(metric.realized)}${estimate}`;
}

/** A table per window and version: rows, the labelled share and key metrics; then the worst slices, KPIs, latency, skipped labels and the KPI comparisons. */
export function formatDeploymentPerformance(result: DeploymentPerformance): string {
  const count = result.windows.length;
  const lines = [
    `${result.deployment}: ${count} window${count === 1 ? '' : 's'} of ${result.window} from ${result.from} to ${result.to}` +
      (result.estimation
        ? `; estimates from ${result.estimation.model.name}:${result.estimation.model.version}'s labelled reference`
        : '; realised from labels only (no estimator for the serving version)'),
  ];
  if (count === 0) {
    lines.push('no logged predictions in this range');
    return lines.join('\n');
  }
  const task = result.task ?? 'classification';
  const metrics = KEY_METRICS[task];
  const modelWidth = Math.max(5, ...result.windows.map((w) => `${w.model.name}:${w.model.version}`.length)) + 2;
  const width = Math.max(16, ...metrics.map((m) => m.length + 2));
  lines.push(
    '',
    `${'window start'.padEnd(26)}${'model'.padEnd(modelWidth)}${'rows'.padStart(8)}${'labelled'.padStart(10)}${metrics.map((m) => m.padStart(width)).join('')}`,
  );
  const notes: string[] = [];
  for (const w of result.windows) {
    const labelled = w.rows === 0 ? '—' : formatShare(w.labelled_rows / w.rows);
    const cells = metrics.map((m) => cell(w, m).padStart(width)).join('');
    lines.push(
      `${w.start.padEnd(26)}${`${w.model.name}:${w.model.version}`.padEnd(modelWidth)}${String(w.rows).padStart(8)}${labelled.padStart(10)}${cells}`,
    );
    const at = `${w.start} ${w.model.name}:${w.model.version}`;
    for (const s of w.slices.worst)
      notes.push(
        `${at}: ${s.column} ${s.slice} has ${s.metric} ${value(s.value)} against ${value(s.overall)} overall (${s.labelled_rows} labelled, p ${s.p_value.toPrecision(2)})`,
      );
    if (w.kpis.length > 0) notes.push(`${at}: ${w.kpis.map(formatKpiValue).join('   ')}`);
    if (w.latency !== null && w.latency.p50_ms !== null)
      notes.push(
        `${at}: latency p50 ${w.latency.p50_ms} ms, p95 ${w.latency.p95_ms} ms, p99 ${w.latency.p99_ms} ms` +
          (w.latency.errors === null ? '' : `, ${w.latency.errors} failed request${w.latency.errors === 1 ? '' : 's'}`),
      );
    if (w.skipped_labels > 0)
      notes.push(`${at}: ${w.skipped_labels} label${w.skipped_labels === 1 ? '' : 's'} no longer fit the version, left out`);
  }
  lines.push('', 'cells: realised ~estimated (! outside the reference band); every metric, calibration and confusion matrix with --json');
  if (notes.length > 0) lines.push('', 'worst slices, KPIs, latency and notes:', ...notes.map((n) => `  ${n}`));
  if (result.kpi_comparisons.length > 0)
    lines.push(
      '',
      'KPIs of the versions compared over the range (b − a):',
      ...result.kpi_comparisons.map((c) => `  ${formatKpiComparison(c)}`),
    );
  return lines.join('\n');
}
