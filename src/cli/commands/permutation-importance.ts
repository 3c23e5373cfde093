import { Command, InvalidArgumentError } from 'commander';
import { loadModelFile, loadRegisteredModel } from '../../app/load-model.ts';
import {
  computePermutationImportance,
  DEFAULT_PERMUTATION_REPEATS,
  permutationImportanceWire,
  type PermutationImportanceReport,
} from '../../app/explain/permutation-importance.ts';
import { BallastError } from '../../core/errors.ts';
import { MAX_PERMUTATION_REPEATS } from '../../core/explain/permutation-importance.ts';
import { RUNTIMES } from '../../runtime/runtimes.ts';
import { withContext } from '../cli-context.ts';

interface Options {
  model?: string;
  data?: string;
  label?: string;
  metric?: string;
  repeats: number;
  seed: number;
  json?: boolean;
}

export function permutationImportanceCommand(): Command {
  return new Command('permutation-importance')
    .description("how much a metric worsens when each input is shuffled (scikit-learn's permutation_importance), on labelled data")
    .argument('[model-ref]', 'a registered NAME, NAME@alias or NAME:version (or --model FILE)')
    .option('--model <file>', 'a model file instead of a registered version')
    .option('--data <file>', 'labelled rows (CSV, JSON Lines or Parquet) with the model inputs and the label; required')
    .option('--label <column>', 'the label column of the data; required')
    .option('--metric <name>', 'a metric of docs/performance.md (default: accuracy for a classifier, r2 for a regressor)')
    .option('--repeats <n>', `shuffles per input (1–${MAX_PERMUTATION_REPEATS})`, repeatsOption, DEFAULT_PERMUTATION_REPEATS)
    .option('--seed <n>', 'seed of the shuffles: the same seed gives the same importances', seedOption, 0)
    .option('--json', 'print JSON')
    .action(async (ref: string | undefined, options: Options, command: Command) => {
      const { data, label } = options;
      if ((ref === undefined) === (options.model === undefined))
        throw new BallastError(
          'invalid_argument',
          'ballast permutation-importance needs a registered model reference or --model FILE (one of them)',
        );
      if (data === undefined || label === undefined)
        throw new BallastError(
          'invalid_argument',
          'ballast permutation-importance needs --data FILE and --label COLUMN: the labelled rows and their label',
        );
      const source =
        options.model !== undefined
          ? await loadModelFile(RUNTIMES, options.model)
          : await withContext(command, (ctx) => loadRegisteredModel(ctx, ref!));
      try {
        const report = await computePermutationImportance({
          model: source.loaded,
          description: source.description,
          dataFile: data,
          label,
          metric: options.metric,
          repeats: options.repeats,
          seed: options.seed,
        });
        console.log(options.json ? JSON.stringify(permutationImportanceWire(report), null, 2) : formatImportance(report));
      } finally {
        await source.loaded.close();
      }
    });
}

/** A table, most important first: rank, feature, mean ± std of the metric's loss over the repeats. */
function formatImportance(report: PermutationImportanceReport): string {
  const { result } = report;
  const width = Math.max(7, ...result.features.map((f) => f.feature.length));
  const lines = [
    `${report.model} on ${result.rows} rows of ${report.data}: ${result.metric} ${result.baseline.toFixed(4)}, ${result.repeats} shuffles per input, seed ${report.seed}`,
    `rank  ${'feature'.padEnd(width)}  importance (${result.higherIsBetter ? 'drop' : 'rise'} in ${result.metric})`,
  ];
  for (const f of result.features) {
    lines.push(
      `${String(f.rank).padStart(4)}  ${f.feature.padEnd(width)}  ${f.importanceMean.toFixed(4).padStart(8)} ± ${f.importanceStd.toFixed(4)}`,
    );
  }
  return lines.join('\n');
}

function repeatsOption(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PERMUTATION_REPEATS)
    throw new InvalidArgumentError(`must be a whole number from 1 to ${MAX_PERMUTATION_REPEATS}`);
  return n;
}

function seedOption(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 4294967295) throw new InvalidArgumentError('must be a whole number from 0 to 4294967295');
  return n;
}
