import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { versionImportanceRanks } from '../../app/explain/global-importance.ts';
import { byImportance, withImportanceRanks, type RankedColumnDrift } from '../../app/monitoring/importance-ranks.ts';
import { driftBetweenFiles } from '../../app/monitoring/file-drift.ts';
import { renderDriftReportHtml } from '../../app/reports/drift-report-html.ts';
import type { ColumnDrift, DriftReport } from '../../core/drift/drift-report.ts';
import { datasetVerdict } from '../../core/drift/dataset-verdict.ts';
import { missingnessSentence } from '../../core/drift/drift-wording.ts';
import { plural } from '../../core/format-numbers.ts';
import { withContext } from '../cli-context.ts';

interface DriftOptions {
  columns?: string[];
  json?: boolean;
  html?: string;
  alpha?: number;
  share?: number;
  bins?: number;
  threshold?: Record<string, number>;
  failOnDrift?: boolean;
  model?: string;
  order?: 'drift' | 'importance';
}

export function driftCommand(): Command {
  return new Command('drift')
    .description('compare a current dataset with its reference, column by column (no server needed)')
    .argument('<reference>', 'the reference data (CSV, JSON Lines or Parquet), e.g. the training snapshot')
    .argument('<current>', 'the data to compare with it')
    .option('--columns <names>', 'only these columns (comma-separated)', (v: string) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .option('--json', 'print the report as JSON')
    .option('--html <file>', 'also write the report as an HTML page')
    .option('--alpha <p>', 'significance level after Benjamini–Hochberg correction (default 0.05)', probability)
    .option('--share <fraction>', 'the dataset drifts when this share of columns drift (default 0.5)', probability)
    .option('--bins <n>', 'bins on the reference quantiles for PSI and Jensen–Shannon (default 10)', positiveInteger)
    .option('--threshold <column=value>', 'effect-size threshold for one column (repeatable)', columnThreshold, {})
    .option('--fail-on-drift', 'exit 1 when the dataset drifts')
    .option('--model <model-ref>', "rank each column by this registered version's global importance (importance_rank)")
    .addOption(
      new Option('--order <order>', 'drift: drifted columns first; importance: the most important first (needs --model)')
        .choices(['drift', 'importance'])
        .default('drift'),
    )
    .action(async (reference: string, current: string, options: DriftOptions, command: Command) => {
      if (options.order === 'importance' && options.model === undefined)
        command.error('error: --order importance needs --model MODEL_REF, the version whose importance ranks the columns', { exitCode: 2 });
      // Read before the files are compared: a wrong reference fails at once.
      const importance =
        options.model === undefined
          ? undefined
          : await withContext(command, (ctx) => versionImportanceRanks(ctx, options.model!, options.order === 'importance'));
      if (importance !== undefined && importance.ranks.size === 0)
        console.error(`${importance.version} has no global importance: every column's importance_rank is null`);
      const compared = await driftBetweenFiles(reference, current, {
        columns: options.columns,
        alpha: options.alpha,
        shareThreshold: options.share,
        bins: options.bins,
        thresholds: options.threshold,
      });
      const ranked = importance === undefined ? compared : withImportanceRanks(compared, importance.ranks);
      const report =
        options.order === 'importance' ? { ...ranked, columns: [...(ranked.columns as RankedColumnDrift[])].sort(byImportance) } : ranked;
      if (options.html)
        await writeFile(
          options.html,
          renderDriftReportHtml(report, { reference, current, generatedAt: new Date(), alpha: options.alpha, order: options.order }),
        );
      console.log(options.json ? JSON.stringify(report, null, 2) : formatDriftReport(report, options.order));
      // On stderr, so `--json` output stays one document.
      if (options.html) console.error(`wrote the HTML report to ${path.resolve(options.html)}`);
      if (options.failOnDrift && report.dataset.drifted) process.exitCode = 1;
    });
}

function probability(text: string): number {
  const value = Number(text);
  if (!(value > 0 && value < 1)) throw new InvalidArgumentError('expected a number between 0 and 1');
  return value;
}

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 1000) throw new InvalidArgumentError('expected a whole number from 1 to 1000');
  return value;
}

function columnThreshold(text: string, previous: Record<string, number>): Record<string, number> {
  const at = text.lastIndexOf('=');
  const value = Number(text.slice(at + 1));
  if (at <= 0 || !(value >= 0) || !Number.isFinite(value)) throw new InvalidArgumentError('expected COLUMN=VALUE with a number >= 0');
  return { ...previous, [text.slice(0, at)]: value };
}

function formatNumber(value: number | null): string {
  if (value === null) return '—';
  if (value === 0) return '0';
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(1);
  return value.toPrecision(3);
}

/**
 * A text table: one line per column, drifted first, or in the report's order (most important first)
 * for `--order importance`; with importance ranks, a rank column before the name.
 */
export function formatDriftReport(report: DriftReport, order: 'drift' | 'importance' = 'drift'): string {
  const { dataset } = report;
  const lines = [datasetVerdict(dataset).sentence];
  if (dataset.multivariate) {
    const m = dataset.multivariate;
    lines.push(
      `multivariate (PCA reconstruction over ${m.columns.length} columns): ${m.drifted ? 'DRIFTED' : 'not drifted'}, error ${formatNumber(m.statistic)} vs ${formatNumber(m.reference_mean)}${m.note ? ` (${m.note})` : ''}`,
    );
  }
  const rows = order === 'importance' ? report.columns : [...report.columns].sort((a, b) => Number(b.drifted) - Number(a.drifted));
  const ranked = rows.some((c) => 'importance_rank' in c);
  const rankOf = (c: ColumnDrift) => (ranked ? `${String((c as RankedColumnDrift).importance_rank ?? '—').padStart(4)}  ` : '');
  const width = Math.max(6, ...rows.map((c) => c.name.length));
  lines.push(
    '',
    `${ranked ? 'rank  ' : ''}${'column'.padEnd(width)}  type         test   statistic  p (adj.)  effect                decision`,
  );
  for (const c of rows) {
    // Categories decide on total variation; Jensen–Shannon rides along, so both are in view.
    const effect =
      'tvd' in c.metrics
        ? `TV ${formatNumber(c.effect_size.value)} JS ${formatNumber(c.metrics.jensen_shannon)}`
        : `W/std ${formatNumber(c.effect_size.value)}`;
    lines.push(
      `${rankOf(c)}${c.name.padEnd(width)}  ${c.type.padEnd(11)}  ${c.method.padEnd(5)}  ${formatNumber(c.statistic).padStart(9)}  ${formatNumber(c.p_value).padStart(8)}  ${effect.padEnd(20)}  ${c.drifted ? 'DRIFTED' : 'ok'}${c.note ? `  (${c.note})` : ''}`,
    );
  }
  for (const s of report.skipped ?? []) lines.push(`${ranked ? ' '.repeat(6) : ''}${s.name.padEnd(width)}  skipped: ${s.reason}`);
  const missingChanged = report.columns.filter((c) => c.missingness?.changed === true);
  if (missingChanged.length > 0) {
    lines.push('', `missing values changed in ${plural(missingChanged.length, 'column')} (not part of the drift verdict):`);
    for (const c of missingChanged) lines.push(`${c.name.padEnd(width)}  ${missingnessSentence(c.missingness!)}`);
  }
  return lines.join('\n');
}
