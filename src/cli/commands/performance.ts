import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_WINDOW_MS } from '../../app/monitoring/window-profiler.ts';
import { deploymentPerformance } from '../../app/performance/deployment-performance.ts';
import { estimatePerformanceBetweenFiles, type PerformanceEstimationReport } from '../../app/performance-estimation/file-performance.ts';
import { renderPerformanceReportHtml } from '../../app/reports/performance-report-html.ts';
import { parseDuration } from '../../core/contracts/parse-duration.ts';
import { BallastError } from '../../core/errors.ts';
import { withContext } from '../cli-context.ts';
import { formatDeploymentPerformance } from './performance-online.ts';
import { CBPE_METRICS, parseCbpeMetrics, type CbpeMetric } from '../../core/performance-estimation/metric-names.ts';

interface PerformanceOptions {
  label?: string;
  prediction?: string;
  score?: string | Array<[string, string]>;
  chunkSize?: number;
  chunks?: number;
  metrics?: CbpeMetric[];
  json?: boolean;
  html?: string;
  from?: string;
  to?: string;
  window?: string;
  baseWindow: number;
}

const FILE_OPTIONS = [
  ['label', '--label'],
  ['prediction', '--prediction'],
  ['score', '--score'],
  ['chunkSize', '--chunk-size'],
  ['chunks', '--chunks'],
  ['metrics', '--metrics'],
  ['html', '--html'],
] as const;
const ONLINE_OPTIONS = [
  ['from', '--from'],
  ['to', '--to'],
  ['window', '--window'],
] as const;

/**
 * Two forms, told apart by the number of arguments: `performance DEPLOYMENT` reads the deployment's
 * logged predictions and labels from the store (what GET /v1/deployments/NAME/performance answers);
 * `performance REFERENCE ANALYSIS` estimates from two files, no store or server needed.
 */
export function performanceCommand(): Command {
  return new Command('performance')
    .description(
      "a deployment's realised performance per window and version from its logged predictions and labels (one argument: DEPLOYMENT), " +
        "or a classifier's performance estimated on data without labels (CBPE), chunk by chunk, from a labelled reference file (two arguments: REFERENCE ANALYSIS; no server needed)",
    )
    .argument(
      '<deployment | reference>',
      "a deployment; or labelled reference data (CSV, JSON Lines or Parquet) with the model's scores, predictions and labels",
    )
    .argument('[analysis]', 'with a reference: the data to estimate on, scores and predictions, labels where known')
    .option('--window <duration>', 'deployment: window length, a multiple of the base window: 1m, 5m, 1h, 1d (default 1m)')
    .option('--from <time>', 'deployment: ISO 8601 start (default: an hour before --to)')
    .option('--to <time>', 'deployment: ISO 8601 end (default: now)')
    .option(
      '--base-window <duration>',
      'deployment: the base window the server profiles in (its --monitoring-window; default 1m)',
      baseWindow,
      DEFAULT_WINDOW_MS,
    )
    .option('--label <column>', 'files: the column of true labels (required)')
    .option('--prediction <column>', 'files: the column of predicted classes (required)')
    .option(
      '--score <column | CLASS=COLUMN,…>',
      "files: binary, the positive class's probability column; multiclass, one CLASS=COLUMN per class (required)",
      scoreColumns,
    )
    .option('--chunk-size <n>', 'files: rows per chunk (the last chunk may be shorter)', positiveInteger)
    .option('--chunks <n>', 'files: number of chunks (default 10)', positiveInteger)
    .option('--metrics <names>', `files: metrics to estimate, comma-separated (default all: ${CBPE_METRICS.join(',')})`, parseCbpeMetrics)
    .option('--json', 'print the answer as JSON')
    .option('--html <file>', 'files: also write the estimates as an HTML page')
    .action(async (first: string, analysis: string | undefined, options: PerformanceOptions, command: Command) => {
      if (analysis === undefined) return onlinePerformance(first, options, command);
      return filePerformance(first, analysis, options);
    });
}

async function onlinePerformance(deployment: string, options: PerformanceOptions, command: Command): Promise<void> {
  const misplaced = FILE_OPTIONS.filter(([key]) => options[key] !== undefined).map(([, flag]) => flag);
  if (misplaced.length > 0)
    throw new BallastError(
      'invalid_argument',
      `${misplaced.join(', ')} ${misplaced.length === 1 ? 'is' : 'are'} for the file form (performance REFERENCE ANALYSIS); with one argument, "${deployment}" is read as a deployment`,
    );
  const result = await withContext(command, (ctx) =>
    deploymentPerformance({ store: ctx.store, clock: ctx.clock, baseWindowMs: options.baseWindow }, deployment, {
      from: options.from,
      to: options.to,
      window: options.window,
    }),
  );
  console.log(options.json ? JSON.stringify(result, null, 2) : formatDeploymentPerformance(result));
}

async function filePerformance(reference: string, analysis: string, options: PerformanceOptions): Promise<void> {
  const misplaced = ONLINE_OPTIONS.filter(([key]) => options[key] !== undefined).map(([, flag]) => flag);
  if (misplaced.length > 0)
    throw new BallastError(
      'invalid_argument',
      `${misplaced.join(', ')} ${misplaced.length === 1 ? 'is' : 'are'} for a deployment (performance DEPLOYMENT)`,
    );
  const { label, prediction, score } = options;
  if (label === undefined || prediction === undefined || score === undefined) {
    const missing = [label === undefined && '--label', prediction === undefined && '--prediction', score === undefined && '--score'].filter(
      Boolean,
    );
    throw new BallastError('invalid_argument', `estimating from files (performance REFERENCE ANALYSIS) needs ${missing.join(', ')}`);
  }
  if (options.chunkSize !== undefined && options.chunks !== undefined)
    throw new BallastError('invalid_argument', 'give --chunk-size or --chunks, not both');
  const report = await estimatePerformanceBetweenFiles(reference, analysis, {
    label,
    prediction,
    scores: score,
    metrics: options.metrics,
    chunking: options.chunkSize !== undefined ? { size: options.chunkSize } : { count: options.chunks ?? 10 },
  });
  if (options.html) await writeFile(options.html, renderPerformanceReportHtml(report, { reference, analysis, generatedAt: new Date() }));
  console.log(options.json ? JSON.stringify(report, null, 2) : formatPerformanceReport(report));
}

function baseWindow(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms < 1000) throw new InvalidArgumentError('must be a duration of at least 1s, e.g. 1m');
  return ms;
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
