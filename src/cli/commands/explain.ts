import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { explainFile, type ExplainFileOptions } from '../../app/explain/explain-file.ts';
import { DEFAULT_REASONS } from '../../app/explain/explain-rows.ts';
import { isModelFile } from '../../app/load-model.ts';
import { EXPLAIN_METHODS, type ExplainMethod } from '../../core/explain/explanation.ts';
import { RUNTIMES } from '../../runtime/runtimes.ts';
import { closedOutputError, drained } from '../closed-output.ts';
import { withContext } from '../cli-context.ts';

interface ExplainOptions {
  model: string;
  input: string;
  output?: string;
  top: number;
  method?: ExplainMethod;
  background?: string;
  samples?: number;
  seed?: number;
}

export function explainCommand(): Command {
  return new Command('explain')
    .description(
      'explain a model’s predictions for each row of a CSV, JSON Lines or Parquet file: one JSON object per row with base_value, contributions, output, prediction and reasons in plain words',
    )
    .requiredOption('--model <model>', 'a model file, or a registered NAME, NAME@alias or NAME:version')
    .requiredOption('--input <file>', 'rows to explain (CSV with a header, JSON Lines or Parquet); columns are matched by name')
    .option('--output <file>', 'write JSON Lines here instead of to standard output')
    .option('--top <n>', `reasons per row, largest first (default ${DEFAULT_REASONS})`, wholeNumber(0, 100), DEFAULT_REASONS)
    .addOption(new Option('--method <method>', 'default: tree_shap for tree models, kernel_shap for others').choices(EXPLAIN_METHODS))
    .option('--background <file>', "rows to compare against (default: a sample of a registered version's training data)")
    .option('--samples <n>', "kernel_shap's coalition samples per row", wholeNumber(1, 1_000_000))
    .option('--seed <n>', 'seed of the background sample and of kernel_shap (default 0)', wholeNumber(0, 2 ** 32 - 1))
    .action(async (options: ExplainOptions, command: Command) => {
      // Written to a temporary file and renamed at the end: a failed run leaves no half-written output.
      const temp = options.output ? `${options.output}.${process.pid}.part` : undefined;
      const out = temp ? createWriteStream(temp) : process.stdout;
      const request: ExplainFileOptions = {
        model: options.model,
        runtimes: RUNTIMES,
        input: options.input,
        top: options.top,
        method: options.method,
        background: options.background,
        samples: options.samples,
        seed: options.seed,
        write: async (text) => {
          if (temp === undefined && !out.writable) throw closedOutputError();
          if (!out.write(text)) await (temp === undefined ? drained(out) : once(out, 'drain'));
        },
        onExplainer: (chosen, description) => {
          if (chosen.fallback !== null) console.error(`${description}: ${chosen.fallback}`);
        },
      };
      try {
        const { rows, description } = (await isModelFile(options.model))
          ? await explainFile(request)
          : await withContext(command, (ctx) => explainFile({ ...request, ctx }));
        if (temp && options.output) {
          await new Promise<void>((resolve, reject) =>
            (out as NodeJS.WritableStream).end((error?: Error | null) => (error ? reject(error) : resolve())),
          );
          await rename(temp, options.output);
          console.error(`explained ${rows} rows with ${description} -> ${options.output}`);
        }
      } catch (error) {
        if (temp) {
          (out as NodeJS.WritableStream).end();
          await rm(temp, { force: true });
        }
        throw error;
      }
    });
}

function wholeNumber(min: number, max: number): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    }
    return n;
  };
}
