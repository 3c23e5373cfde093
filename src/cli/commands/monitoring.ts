import { Command, InvalidArgumentError } from 'commander';
import { deploymentMonitoring, type DeploymentMonitoring } from '../../app/monitoring/deployment-monitoring.ts';
import { DEFAULT_WINDOW_MS } from '../../app/monitoring/window-profiler.ts';
import { parseDuration } from '../../core/contracts/parse-duration.ts';
import { datasetVerdict } from '../../core/drift/dataset-verdict.ts';
import { withContext } from '../cli-context.ts';

export function monitoringCommand(): Command {
  return new Command('monitoring')
    .description(
      "a deployment's drift against its training reference and its data quality, per window, from the stored window profiles (what GET /v1/deployments/NAME/monitoring answers, without the server's unflushed window)",
    )
    .argument('<deployment>', 'the deployment')
    .option('--from <time>', 'ISO 8601 start (default: an hour before --to)')
    .option('--to <time>', 'ISO 8601 end (default: now)')
    .option('--window <duration>', 'window length, a multiple of the base window: 1m, 5m, 1h, 1d (default 1m)')
    .option(
      '--base-window <duration>',
      'the base window the server profiles in (its --monitoring-window; default 1m)',
      baseWindow,
      DEFAULT_WINDOW_MS,
    )
    .option('--json', 'print the whole answer as JSON')
    .action(
      async (
        name: string,
        options: { from?: string; to?: string; window?: string; baseWindow: number; json?: boolean },
        command: Command,
      ) => {
        const result = await withContext(command, (ctx) =>
          deploymentMonitoring({ store: ctx.store, clock: ctx.clock, baseWindowMs: options.baseWindow }, name, {
            from: options.from,
            to: options.to,
            window: options.window,
          }),
        );
        console.log(options.json ? JSON.stringify(result, null, 2) : formatMonitoring(result));
      },
    );
}

function baseWindow(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms < 1000) throw new InvalidArgumentError('must be a duration of at least 1s, e.g. 1m');
  return ms;
}

/** One line per window: rows, status, the drifted columns, the multivariate check, contract violations. */
/** `; latency p50 3.1 / p95 9.8 / p99 15.2 ms, 2 failed`, leaving out what is unknown. */
function latencyText(latency: DeploymentMonitoring['windows'][number]['latency']): string {
  if (latency === null) return '';
  const ms = (value: number) => String(Number(value.toPrecision(3)));
  const percentiles =
    latency.p50_ms === null || latency.p95_ms === null || latency.p99_ms === null
      ? []
      : [`latency p50 ${ms(latency.p50_ms)} / p95 ${ms(latency.p95_ms)} / p99 ${ms(latency.p99_ms)} ms`];
  const parts = [...percentiles, ...(latency.errors === null ? [] : [`${latency.errors} failed`])];
  return parts.length === 0 ? '' : `; ${parts.join(', ')}`;
}

export function formatMonitoring(result: DeploymentMonitoring): string {
  const lines = [
    `${result.deployment}: ${result.windows.length} window${result.windows.length === 1 ? '' : 's'} of ${result.window} from ${result.from} to ${result.to}` +
      (result.reference
        ? `; reference ${result.reference.model}:${result.reference.version} (${result.reference.rows} rows)`
        : '; the current version has no reference profile'),
  ];
  if (result.windows.length === 0) {
    lines.push('no traffic profiled in this range');
    return lines.join('\n');
  }
  const modelWidth = Math.max(5, ...result.windows.map((w) => `${w.model.name}:${w.model.version}`.length)) + 2;
  lines.push('', `${'window start'.padEnd(26)}${'model'.padEnd(modelWidth)}${'rows'.padStart(6)}    ${'status'.padEnd(10)}  drift`);
  for (const w of result.windows) {
    const drift = w.drift;
    // The same words as every other summary (core/drift/dataset-verdict.ts): a window with drifted columns is never "ok".
    const verdict =
      drift === null
        ? 'no reference'
        : datasetVerdict(drift.dataset).short +
          (drift.columns.some((c) => c.drifted)
            ? `: ${drift.columns
                .filter((c) => c.drifted)
                .map((c) => c.name)
                .join(', ')}`
            : '') +
          (drift.columns.some((c) => c.missingness?.changed)
            ? `; missing share changed: ${drift.columns
                .filter((c) => c.missingness?.changed)
                .map((c) => c.name)
                .join(', ')}`
            : '');
    const violations = w.quality.violations_total > 0 ? `  (${w.quality.violations_total} contract violations)` : '';
    lines.push(
      `${w.start.padEnd(26)}${`${w.model.name}:${w.model.version}`.padEnd(modelWidth)}${String(w.rows).padStart(6)}    ${w.status.padEnd(10)}  ${verdict}${violations}${latencyText(w.latency)}`,
    );
  }
  return lines.join('\n');
}
