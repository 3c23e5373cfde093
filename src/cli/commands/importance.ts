import { Command, InvalidArgumentError } from 'commander';
import { findImportance, importanceView, recomputeImportance } from '../../app/explain/global-importance.ts';
import { withContext } from '../cli-context.ts';

interface ImportanceCliOptions {
  recompute?: boolean;
  rows?: number;
  backgroundRows?: number;
  seed?: number;
  json?: boolean;
}

/** `--rows`, `--background-rows`: a whole number of rows. */
export function rowCount(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 100_000) throw new InvalidArgumentError('expected a whole number from 1 to 100000');
  return value;
}

function seedNumber(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 2 ** 31 - 1)
    throw new InvalidArgumentError('expected a whole number from 0 to 2147483647');
  return value;
}

export function importanceCommand(): Command {
  return new Command('importance')
    .description("a version's global importance: mean |contribution| per feature on a sample of its training data, most important first")
    .argument('<model-ref>', 'NAME, NAME@alias or NAME:version')
    .option('--recompute', 'compute it again and store it (audited), e.g. on more rows than registration used')
    .option('--rows <n>', 'with --recompute: training rows explained (default 200; 50 for a model explained with KernelSHAP)', rowCount)
    .option('--background-rows <n>', 'with --recompute: rows they are compared against (default 100; 20 with KernelSHAP)', rowCount)
    .option('--seed <n>', 'with --recompute: the seed of both samples (default 0)', seedNumber)
    .option('--json', 'print JSON (what GET /v1/models/{name}/versions/{v}/importance answers)')
    .action(async (ref: string, options: ImportanceCliOptions, command: Command) => {
      if (!options.recompute && (options.rows ?? options.backgroundRows ?? options.seed) !== undefined)
        command.error('error: --rows, --background-rows and --seed need --recompute', { exitCode: 2 });
      const { version, importance } = await withContext(command, (ctx) =>
        options.recompute
          ? recomputeImportance(ctx, ref, { sampleRows: options.rows, backgroundRows: options.backgroundRows, seed: options.seed })
          : findImportance(ctx, ref),
      );
      const view = importanceView(version, importance);
      console.log(options.json ? JSON.stringify(view, null, 2) : formatImportance(view));
    });
}

function formatImportance(view: ReturnType<typeof importanceView>): string {
  const width = Math.max(7, ...view.features.map((f) => f.feature.length));
  const top = view.features[0]?.importance ?? 0;
  const lines = [
    `${view.model}:${view.version}: ${view.method} on ${view.sample_rows} training rows (seed ${view.seed}, ${view.space} space), computed ${view.computed_at}`,
    '',
    `rank  ${'feature'.padEnd(width)}  mean |contribution|`,
  ];
  for (const f of view.features) {
    // A bar relative to the most important feature: the ranking at a glance.
    const bar = top > 0 ? '█'.repeat(Math.round((f.importance / top) * 20)) : '';
    lines.push(`${String(f.rank).padStart(4)}  ${f.feature.padEnd(width)}  ${f.importance.toPrecision(3).padStart(10)}  ${bar}`);
  }
  return lines.join('\n');
}
