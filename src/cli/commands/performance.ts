import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { estimatePerformanceBetweenFiles, type PerformanceEstimationReport } from '../../app/performance-estimation/file-performance.ts';
import { renderPerformanceReportHtml } from '../../app/reports/performance-report-html.ts';
import { BallastError } from '../../core/errors.ts';
import { CBPE_METRICS, parseCbpeMetrics, type CbpeMetric } from '../../core/performance-estimation/metric-names.ts';

interface PerformanceOptions {
  label: string;
  prediction: string;
  score: string | Array<[string, string]>;
  chunkSize?: number;
  chunks?: number;
  metrics?: CbpeMetric[];
  json?: boolean;
  html?: string;
}

export function performanceCommand(): Command {
  return new Command('performance')
    .description(
      "estimate a classifier's performance on data without labels (CBPE), chunk by chunk, from a labelled reference (no server needed)",
    )
    .argument('<reference>', "labelled reference data (CSV or JSON Lines) with the model's scores, predictions and labels")
    .argument('<analysis>', 'the data to estimate on: scores and predictions, labels where known')
    .requiredOption('--label <column>', 'the column of true labels')
    .requiredOption('--prediction <column>', 'the column of predicted classes')
    .requiredOption(
      '--score <column | CLASS=COLUMN,…>',
      "binary: the positive class's probability column; multiclass: one CLASS=COLUMN per class",
      scoreColumns,
    )
    .option('--chunk-size <n>', 'rows per chunk (the last chunk may be shorter)', positiveInteger)
    .option('--chunks <n>', 'number of chunks (default 10)', positiveInteger)
    .option('--metrics <names>', `metrics to estimate, comma-separated (default all: ${CBPE_METRICS.join(',')})`, parseCbpeMetrics)
    .option('--json', 'print the estimates as JSON')
    .option('--html <file>', 'also write the estimates as an HTML page')
    .action(async (reference: string, analysis: string, options: PerformanceOptions) => {
      if (options.chunkSize !== undefined && options.chunks !== undefined)
        throw new BallastError('invalid_argument', 'give --chunk-size or --chunks, not both');
      const report = await estimatePerformanceBetweenFiles(reference, analysis, {
        label: options.label,
        prediction: options.prediction,
        scores: options.score,
        metrics: options.metrics,
        chunking: options.chunkSize !== undefined ? { size: options.chunkSize } : { count: options.chunks ?? 10 },
      });
      if (options.html)
        await writeFile(options.html, renderPerformanceReportHtml(report, { reference, analysis, generatedAt: new Date() }));
      console.log(options.json ? JSON.stringify(report, null, 2) : formatPerformanceReport(report));
    });
}

/** `col` (binary) or `a=col_a,b=col_b,…` (multiclass); a class given twice is an error. */
export function scoreColumns(text: string): string | Array<[string, string]> {
  if (!text.includes('=')) {
    if (text.includes(',') || text.trim() === '')
      throw new InvalidArgumentError('expected one column, or CLASS=COLUMN pairs for a multiclass model');
    return text.trim();
  }
  const pairs = text.split(',').map((part): [string, string] => {
    const at = part.indexOf('=');
    if (at <= 0 || at === part.length - 1) throw new InvalidArgumentError(`expected CLASS=COLUMN, got "${part}"`);
    return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
  });
  const seen = new Set<string>();
  for (const [name] of pairs) {
    if (seen.has(name)) throw new InvalidArgumentError(`class "${name}" is given twice`);
    seen.add(name);
  }
  if (pairs.length < 2) throw new InvalidArgumentError('expected a CLASS=COLUMN pair for every class');
  return pairs;
}

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return value;
}

function format(value: number | null): string {
  return value === null ? '—' : value.toFixed(3);
}

/** A text table: one line per chunk, each metric as its estimate (realised value), `!` when it alerts. */
function formatPerformanceReport(report: PerformanceEstimationReport): string {
  const metrics = Object.keys(report.chunks[0]?.metrics ?? {});
  const lines = [
    `${report.problem} classifier, classes ${report.classes.join(', ')}${report.problem === 'multiclass' ? ' (macro averages)' : ''}; estimated (realised), ! outside the reference band`,
  ];
  const width = Math.max(...metrics.map((m) => m.length), 17);
  lines.push(['rows'.padEnd(13), 'labelled'.padStart(8), ...metrics.map((m) => m.padStart(width))].join('  '));
  for (const c of report.chunks) {
    const cells = metrics.map((m) => {
      const e = c.metrics[m]!;
      return `${e.alert ? '!' : ''}${format(e.estimated)} (${format(e.realized)})`.padStart(width);
    });
    lines.push([`${c.start}–${c.end}`.padEnd(13), String(c.labelled_rows).padStart(8), ...cells].join('  '));
  }
  const first = report.chunks[0];
  if (first)
    lines.push(
      [
        'band'.padEnd(13),
        ''.padStart(8),
        ...metrics.map((m) => `${format(first.metrics[m]!.lower)}–${format(first.metrics[m]!.upper)}`.padStart(width)),
      ].join('  '),
    );
  const alerts = report.chunks.reduce((n, c) => n + Object.values(c.metrics).filter((e) => e.alert).length, 0);
  lines.push('', alerts === 0 ? 'no estimate outside its band' : `${alerts} estimate${alerts === 1 ? '' : 's'} outside the reference band`);
  return lines.join('\n');
}
