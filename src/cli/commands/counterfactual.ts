import { Command, InvalidArgumentError, Option } from 'commander';
import type { CounterfactualWire } from '../../app/explain/counterfactual.ts';
import {
  counterfactualForFile,
  counterfactualForVersion,
  type InstanceSource,
  type OfflineCounterfactual,
} from '../../app/explain/counterfactual-offline.ts';
import { isModelFile } from '../../app/load-model.ts';
import { parseModelFormat } from '../../core/detect-model-format.ts';
import { BallastError } from '../../core/errors.ts';
import { withContext } from '../cli-context.ts';
import { commaList } from '../parse-options.ts';

interface CounterfactualOptions {
  model: string;
  instance?: string;
  input?: string;
  row?: number;
  desired: string;
  k?: number;
  immutable?: string[];
  increase?: string[];
  decrease?: string[];
  maxChanges?: number;
  seed?: number;
  reference?: string;
  format?: string;
  json?: boolean;
}

export function counterfactualCommand(): Command {
  return new Command('counterfactual')
    .description(
      'the fewest, smallest changes to one row that give the desired outcome, each checked by the model; exit 0 found, 1 none found (the closest is shown), 2 usage',
    )
    .requiredOption('--model <model>', 'a model file, or a registered NAME, NAME@alias or NAME:version')
    .option('--instance <json>', 'the row as a JSON object, as POST …/predict takes it (category names or codes)')
    .option('--input <file>', 'take the row from this CSV, JSON Lines or Parquet file (with --row)')
    .option('--row <n>', 'data row of --input, 1 = the first after the header', positive)
    .requiredOption('--desired <outcome>', 'a class label, or MIN..MAX for a regressor (either end may be left out: 100..)')
    .option('--k <n>', 'how many counterfactuals, each changing a different set of features (default 3, at most 10)', positive)
    .option('--immutable <features>', 'features that must not change (comma-separated), e.g. age,sex', commaList)
    .option('--increase <features>', 'features that may only go up (comma-separated)', commaList)
    .option('--decrease <features>', 'features that may only go down (comma-separated)', commaList)
    .option('--max-changes <n>', 'most features one counterfactual may change (default 3, at most 5)', positive)
    .option('--seed <n>', 'seed of the model-agnostic search (default 0)', whole)
    .option(
      '--reference <file>',
      'rows like the training data, for plausible ranges (default: the version’s training snapshot; required for a model file)',
    )
    .addOption(
      new Option('--format <format>', 'format of a model file, when detection is not wanted').choices(['onnx', 'xgboost', 'lightgbm']),
    )
    .option('--json', 'print the answer as JSON (the API’s shape)')
    .action(async (options: CounterfactualOptions, command: Command) => {
      const source = instanceSource(options);
      const directions = {
        ...Object.fromEntries((options.increase ?? []).map((f) => [f, 'increase'])),
        ...Object.fromEntries((options.decrease ?? []).map((f) => [f, 'decrease'])),
      };
      const request = {
        desired: desiredOf(options.desired),
        k: options.k,
        immutable: options.immutable,
        directions,
        max_changes: options.maxChanges,
        seed: options.seed,
      };
      const offline = { source, request, reference: options.reference };
      const answer = (await isModelFile(options.model))
        ? await counterfactualForFile(options.model, options.format === undefined ? undefined : parseModelFormat(options.format), offline)
        : await withContext(command, (ctx) => counterfactualForVersion(ctx, options.model, offline));
      console.log(options.json ? JSON.stringify(answer, null, 2) : formatCounterfactuals(answer));
      if (!answer.found) process.exitCode = 1;
    });
}

function instanceSource(options: CounterfactualOptions): InstanceSource {
  if (options.instance !== undefined && options.input === undefined) {
    try {
      return { instance: JSON.parse(options.instance) as unknown };
    } catch {
      throw new BallastError(
        'invalid_argument',
        '--instance is not JSON: give the row as an object, e.g. \'{"age": 41, "income": 52000}\'',
      );
    }
  }
  if (options.input !== undefined && options.instance === undefined && options.row !== undefined)
    return { input: options.input, row: options.row };
  throw new BallastError('invalid_argument', 'give the row either as --instance JSON or as --input FILE --row N');
}

/** `0`, `approved` → a label; `100..120`, `100..`, `..120` → a range for a regressor. */
function desiredOf(text: string): unknown {
  const range = /^\s*(-?[\d.eE+-]*)\s*\.\.\s*(-?[\d.eE+-]*)\s*$/.exec(text);
  if (range === null || (range[1] === '' && range[2] === '')) return text;
  const bound = (part: string) => (part === '' ? undefined : Number(part));
  return { min: bound(range[1]!), max: bound(range[2]!) };
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`"${value}" is not a whole number ≥ 1`);
  return n;
}

function whole(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`"${value}" is not a whole number ≥ 0`);
  return n;
}

/** What `ballast counterfactual` prints without --json. */
function formatCounterfactuals(answer: OfflineCounterfactual): string {
  const lines = [`${answer.model} answers ${outcome(answer.original.prediction)} (${answer.method} search)`];
  answer.counterfactuals.forEach((cf, i) => lines.push(`${i + 1}. ${describe(cf)}`));
  if (!answer.found) {
    lines.push(`no counterfactual found: ${answer.message ?? 'none within the constraints'}`);
    if (answer.closest) lines.push(`closest: ${describe(answer.closest)}`);
  }
  return lines.join('\n');
}

function describe(cf: CounterfactualWire): string {
  const changes = cf.changes.map((c) => `${c.feature} ${show(c.from)} → ${show(c.to)}`).join(', ');
  return `${changes}: ${outcome(cf.prediction)}, distance ${cf.distance}`;
}

function outcome(prediction: CounterfactualWire['prediction']): string {
  if ('value' in prediction) return `${prediction.value}`;
  return `${JSON.stringify(prediction.label)} (p ${Math.max(...prediction.probabilities).toFixed(3)})`;
}

function show(value: number | string | null): string {
  return value === null ? 'missing' : typeof value === 'string' ? JSON.stringify(value) : String(value);
}
