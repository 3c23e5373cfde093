import { Command, InvalidArgumentError } from 'commander';
import { featureSkewReport, MAX_SKEW_LIMIT, SKEW_DEFAULTS, type SkewReportView } from '../../app/features/skew-report.ts';
import { withContext } from '../cli-context.ts';

interface SkewCliOptions {
  since?: string;
  limit?: number;
  tolerance?: number;
  json?: boolean;
}

function limitNumber(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > MAX_SKEW_LIMIT)
    throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_SKEW_LIMIT}`);
  return value;
}

function toleranceNumber(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) throw new InvalidArgumentError('expected a number of at least 0');
  return value;
}

export function featuresSkewCommand(): Command {
  return new Command('skew')
    .description(
      "train/serve skew of a deployment that enriches its requests: each enriched feature of its newest logged predictions recomputed offline at the prediction's time and compared with the value it was served",
    )
    .argument('<deployment>', 'a deployment deployed with --features')
    .option('--since <time>', `ISO 8601 time, or a duration before now such as 24h or 7d (default ${SKEW_DEFAULTS.since})`)
    .option('--limit <n>', `the newest this many predictions since --since (default ${SKEW_DEFAULTS.limit})`, limitNumber)
    .option(
      '--tolerance <x>',
      `numbers match when |served − offline| ≤ x × max(1, |offline|) (default ${SKEW_DEFAULTS.tolerance})`,
      toleranceNumber,
    )
    .option('--json', 'print JSON (what GET /v1/deployments/{name}/feature-skew answers)')
    .action(async (deployment: string, options: SkewCliOptions, command: Command) => {
      const report = await withContext(command, (ctx) =>
        featureSkewReport(ctx, deployment, { since: options.since, limit: options.limit, tolerance: options.tolerance }),
      );
      console.log(options.json ? JSON.stringify(report, null, 2) : formatSkew(report));
    });
}

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const shown = (value: unknown) => (value === null ? '(missing)' : typeof value === 'string' ? value : JSON.stringify(value));

function formatSkew(report: SkewReportView): string {
  const lines = [
    `${report.deployment}: ${report.predictions} predictions from ${report.since} to ${report.until}` +
      `${report.truncated ? ` (the newest ${report.limit}; older ones left out)` : ''}, feature definitions v${report.feature_set_version}, ` +
      `entity key ${report.entity_key}${report.unkeyed > 0 ? ` (${report.unkeyed} predictions without one not compared)` : ''}`,
    '',
  ];
  const width = Math.max(7, ...report.features.map((f) => f.feature.length));
  lines.push(`${'feature'.padEnd(width)}  checked  mismatches   rate  missing offline  missing online`);
  for (const f of report.features)
    lines.push(
      `${f.feature.padEnd(width)}  ${String(f.checked).padStart(7)}  ${String(f.mismatches).padStart(10)}  ${percent(f.mismatch_rate).padStart(6)}  ${String(f.missing_offline).padStart(15)}  ${String(f.missing_online).padStart(14)}`,
    );
  for (const f of report.features) {
    if (f.largest_differences.length === 0) continue;
    lines.push('', `${f.feature}: largest differences`);
    for (const e of f.largest_differences)
      lines.push(
        `  ${e.prediction_id}  ${e.at}  key ${e.entity_key}: served ${shown(e.served)}, offline ${shown(e.offline)}` +
          (e.difference === null ? '' : ` (difference ${Number(e.difference.toPrecision(4))})`),
      );
  }
  return lines.join('\n');
}
