import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_WINDOW_MS } from '../../app/monitoring/window-profiler.ts';
import { deleteSlos, setSlos } from '../../app/slo/slo-settings.ts';
import { sloSources } from '../../app/slo/slo-sources.ts';
import { sloStatuses, type SloStatus } from '../../app/slo/slo-status.ts';
import { parseDuration } from '../../core/contracts/parse-duration.ts';
import { formatBoundShare, formatShare, plural } from '../../core/format-numbers.ts';
import type { SloObjectiveInput } from '../../core/slo/slo-input.ts';
import { BallastError } from '../../core/errors.ts';
import { withContext } from '../cli-context.ts';

interface SetOptions {
  availability?: string;
  latencyP99?: string;
  objective?: string;
  target?: string;
  window?: string;
  period?: string;
  name?: string;
}

/** A model-behaviour objective's target when none is given: 19 of 20 windows meet it. */
const DEFAULT_BEHAVIOUR_TARGET = '95%';

export function sloCommand(): Command {
  const slo = new Command('slo').description(
    "service level objectives of a deployment: error budgets and burn rates over the SRE workbook's windows (docs/slos.md)",
  );
  slo
    .command('set')
    .description('sets objectives of a deployment (replacing only those of the same names)')
    .argument('<deployment>', 'the deployment')
    .option('--availability <target>', 'share of requests that must not fail on the server side, e.g. 99.9%')
    .option('--latency-p99 <duration>', 'at most 1% of answered requests may be slower than this, e.g. 50ms')
    .option('--objective <expression>', "a model-behaviour objective judged per window, e.g. 'performance.estimated.roc_auc>=0.8'")
    .option('--target <share>', `with --objective: the share of windows that must meet it (default ${DEFAULT_BEHAVIOUR_TARGET})`)
    .option('--window <duration>', 'with --objective: the window length each judgement is made on (default 1h)')
    .option('--period <duration>', 'the rolling period the error budget is counted over (default 28d)')
    .option('--name <name>', 'with --objective: the name its signals use (default: the signal with _ for dots)')
    .action(async (deployment: string, options: SetOptions, command: Command) => {
      const inputs = objectiveInputs(options);
      const saved = await withContext(command, (ctx) => setSlos(ctx, deployment, inputs, { replace: false }));
      for (const s of saved) console.log(`${deployment}: ${s.objective.name} set (target ${formatBoundShare(s.objective.target)})`);
    });
  slo
    .command('status')
    .description('budgets left and burn rates of every objective, or of one deployment')
    .argument('[deployment]', 'the deployment (default: every deployment with objectives)')
    .option(
      '--base-window <duration>',
      'the base window the server profiles in (its --monitoring-window; default 1m)',
      baseWindow,
      DEFAULT_WINDOW_MS,
    )
    .option('--json', 'print {"slos": [...]} as the API answers it')
    .action(async (deployment: string | undefined, options: { baseWindow: number; json?: boolean }, command: Command) => {
      const statuses = await withContext(command, (ctx) =>
        sloStatuses(sloSources(ctx.store, { clock: ctx.clock, baseWindowMs: options.baseWindow, keep: false }), deployment, ctx.clock()),
      );
      console.log(options.json ? JSON.stringify({ slos: statuses }, null, 2) : formatStatuses(statuses));
    });
  slo
    .command('delete')
    .description("deletes a deployment's objectives, or the one named")
    .argument('<deployment>', 'the deployment')
    .argument('[name]', 'one objective (availability, latency, or a behaviour objective’s name)')
    .action(async (deployment: string, name: string | undefined, _options: unknown, command: Command) => {
      const deleted = await withContext(command, (ctx) => deleteSlos(ctx, deployment, name));
      console.log(`${deployment}: ${plural(deleted, 'objective')} deleted`);
    });
  return slo;
}

function objectiveInputs(options: SetOptions): SloObjectiveInput[] {
  const period = options.period === undefined ? {} : { period: options.period };
  const inputs: SloObjectiveInput[] = [];
  if (options.availability !== undefined) inputs.push({ objective: 'availability', target: options.availability, ...period });
  if (options.latencyP99 !== undefined) {
    const ms = parseDuration(options.latencyP99);
    if (ms === undefined || ms <= 0) throw new BallastError('invalid_argument', '--latency-p99 must be a duration such as 50ms');
    inputs.push({ objective: `latency<=${ms}ms`, target: 0.99, ...period });
  }
  if (options.objective !== undefined)
    inputs.push({
      objective: options.objective,
      target: options.target ?? DEFAULT_BEHAVIOUR_TARGET,
      ...period,
      ...(options.window === undefined ? {} : { window: options.window }),
      ...(options.name === undefined ? {} : { name: options.name }),
    });
  else if (options.target !== undefined || options.window !== undefined || options.name !== undefined)
    throw new BallastError('invalid_argument', '--target, --window and --name belong to --objective');
  if (inputs.length === 0) throw new BallastError('invalid_argument', 'give --availability, --latency-p99 or --objective');
  return inputs;
}

function baseWindow(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms < 1000) throw new InvalidArgumentError('must be a duration of at least 1s, e.g. 1m');
  return ms;
}

const rate = (r: number | null) => (r === null ? '–' : r.toFixed(2));
const alert = (a: 0 | 1 | null) => (a === null ? 'no data' : a === 1 ? 'FIRING' : 'ok');

/** One line per objective: budget left, burn rates 5m … 3d, and the two multiwindow alerts; targets to four digits (99.95% must not read 100%). */
function formatStatuses(statuses: readonly SloStatus[]): string {
  if (statuses.length === 0) return 'no service level objectives (ballast slo set DEPLOYMENT --availability 99.9%)';
  const lines = [
    'deployment / objective                           target    budget left  burn 5m / 30m / 1h / 6h / 3d         page      ticket',
  ];
  for (const s of statuses) {
    const budget = s.budget_remaining === null ? 'no events' : formatShare(s.budget_remaining);
    const burns = Object.values(s.burn_rates).map(rate).join(' / ');
    lines.push(
      `${`${s.deployment} / ${s.objective}`.padEnd(49)}${formatBoundShare(s.target).padEnd(10)}${budget.padEnd(13)}${burns.padEnd(37)}${alert(s.page).padEnd(10)}${alert(s.ticket)}`,
    );
    if (s.problem !== null) lines.push(`  ${s.problem}`);
  }
  return lines.join('\n');
}
