import { Command, InvalidArgumentError } from 'commander';
import { deploymentKpis, type DeploymentKpis } from '../../app/deployment-kpis.ts';
import { parseDuration } from '../../core/contracts/parse-duration.ts';
import { formatKpiComparison, formatKpiValue } from '../format-kpis.ts';
import { withContext } from '../cli-context.ts';

const DAY_MS = 86_400_000;

export function kpisCommand(): Command {
  return new Command('kpis')
    .description(
      "a deployment's business KPIs (its config's kpis, from the outcome events sent for its logged predictions) per window and model version with 95% intervals, and the versions compared",
    )
    .argument('<deployment>', 'the deployment')
    .option('--from <time>', 'ISO 8601 start (default: a day before --to)')
    .option('--to <time>', 'ISO 8601 end (default: now)')
    .option('--window <duration>', 'window length: 1m, 5m, 1h, 1d', windowLength, 3_600_000)
    .option('--json', 'print the whole answer as JSON')
    .action(async (name: string, options: { from?: string; to?: string; window: number; json?: boolean }, command: Command) => {
      const result = await withContext(command, (ctx) => {
        const to = options.to ?? ctx.clock().toISOString();
        // A day back, from the first window start inside it (so a day of 1m windows is 1,440 of them).
        const dayBack = Math.ceil((Date.parse(to) - DAY_MS) / options.window) * options.window;
        const from = options.from ?? new Date(dayBack).toISOString();
        return deploymentKpis(ctx.store, name, { from: time(from, '--from'), to: time(to, '--to'), windowMs: options.window });
      });
      console.log(options.json ? JSON.stringify(result, null, 2) : formatKpis(name, result));
    });
}

function windowLength(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms < 1000) throw new InvalidArgumentError('must be a duration of at least 1s, e.g. 1h');
  return ms;
}

function time(text: string, option: string): string {
  if (!Number.isFinite(Date.parse(text)))
    throw new InvalidArgumentError(`${option} is not a time (use ISO 8601, e.g. 2026-11-25T10:00:00Z)`);
  return text;
}

/** One line per window and version, `name value [lower, upper]` per KPI, then one line per comparison. */
function formatKpis(deployment: string, result: DeploymentKpis): string {
  const lines: string[] = [];
  if (result.windows.length === 0) return `${deployment}: no logged predictions in this range`;
  const model = (m: { name: string; version: number }) => `${m.name}:${m.version}`;
  const width = Math.max(5, ...result.windows.map((w) => model(w.model).length)) + 2;
  lines.push(`${'window start'.padEnd(26)}${'model'.padEnd(width)}${'rows'.padStart(8)}  KPIs (value [95% interval], count)`);
  for (const w of result.windows) {
    const kpis = w.kpis.map(formatKpiValue).join('   ');
    lines.push(`${w.start.padEnd(26)}${model(w.model).padEnd(width)}${String(w.rows).padStart(8)}  ${kpis || 'no KPIs defined'}`);
  }
  if (result.kpi_comparisons.length > 0) lines.push('', 'versions compared over the range (b − a):');
  for (const c of result.kpi_comparisons) lines.push(formatKpiComparison(c));
  return lines.join('\n');
}
