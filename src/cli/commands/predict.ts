import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { isModelFile, loadModelFile, loadRegisteredModel } from '../../app/load-model.ts';
import { scoreFile } from '../../app/score-file.ts';
import { parseModelFormat } from '../../core/detect-model-format.ts';
import type { ClassLabel, ScoreKind } from '../../core/signature.ts';
import { RUNTIMES } from '../../runtime/runtimes.ts';
import { closedOutputError, drained } from '../closed-output.ts';
import { withContext } from '../cli-context.ts';
import { commaList } from '../parse-options.ts';
import { maxArtifactBytesOption } from '../artifact-limit-option.ts';
import { outputOptions } from '../output-options.ts';
import { progressBar } from '../progress.ts';

interface PredictOptions {
  model: string;
  input: string;
  output?: string;
  format?: string;
  keep?: string[];
  task?: 'classification' | 'regression';
  classes?: ClassLabel[];
  scores?: ScoreKind;
  maxArtifactBytes?: number;
}

export function predictCommand(): Command {
  return new Command('predict')
    .description('score a CSV, JSON Lines or Parquet file offline; writes one JSON object per row, in input order')
    .requiredOption('--model <model>', 'a model file, or a registered NAME, NAME@alias or NAME:version')
    .requiredOption('--input <file>', 'rows to score (CSV with a header, JSON Lines or Parquet); columns are matched by name')
    .option('--output <file>', 'write JSON Lines here instead of to standard output')
    .option(
      '--keep <columns>',
      'input columns to copy into each output line under their own names, e.g. an id (comma-separated; need not be model features)',
      commaList,
    )
    .addOption(
      new Option('--format <format>', 'format of a model file, when detection is not wanted').choices(['onnx', 'xgboost', 'lightgbm']),
    )
    .addOption(outputOptions.task)
    .addOption(outputOptions.classes)
    .addOption(outputOptions.scores)
    .addOption(maxArtifactBytesOption())
    .action(async (options: PredictOptions, command: Command) => {
      const format = options.format === undefined ? undefined : parseModelFormat(options.format);
      const output = { task: options.task, classes: options.classes, scores: options.scores };
      const source = (await isModelFile(options.model))
        ? await loadModelFile(RUNTIMES, options.model, format, { output }, options.maxArtifactBytes)
        : await withContext(command, (ctx) => loadRegisteredModel(ctx, options.model, output));
      const progress = progressBar(`scoring with ${source.description}`);
      // Written to a temporary file and renamed at the end: a failed run leaves no half-written output.
      const temp = options.output ? `${options.output}.${process.pid}.part` : undefined;
      const out = temp ? createWriteStream(temp) : process.stdout;
      const write = async (text: string) => {
        // A reader that closed standard output (`| head`) wants no more rows: stop scoring. (A
        // file that cannot be written is an error, and fails the run as before.)
        if (temp === undefined && !out.writable) throw closedOutputError();
        if (!out.write(text)) await (temp === undefined ? drained(out) : once(out, 'drain'));
      };
      try {
        const { rows } = await scoreFile({
          model: source.loaded,
          input: options.input,
          keep: options.keep,
          write,
          onProgress: (done, total) => progress.update(done, total),
        });
        progress.stop();
        if (temp && options.output) {
          await new Promise<void>((resolve, reject) =>
            (out as NodeJS.WritableStream).end((error?: Error | null) => (error ? reject(error) : resolve())),
          );
          await rename(temp, options.output);
          console.error(`scored ${rows} rows with ${source.description} -> ${options.output}`);
        }
      } catch (error) {
        progress.stop();
        if (temp) {
          (out as NodeJS.WritableStream).end();
          await rm(temp, { force: true });
        }
        throw error;
      } finally {
        await source.loaded.close();
      }
    });
}
