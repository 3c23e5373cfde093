import { Command, Option } from 'commander';
import { describeVersion } from '../../app/lineage.ts';
import { setLabelledReference } from '../../app/labelled-reference.ts';
import { registerModel } from '../../app/register-model.ts';
import { removeAlias, setAlias } from '../../app/set-alias.ts';
import { actorOverride } from '../../app/governance/actor-override.ts';
import { parseModelFormat } from '../../core/detect-model-format.ts';
import { withContext } from '../cli-context.ts';
import { modelsMarkCommand } from './models-mark.ts';
import { modelsAnnotateCommand } from './models-annotate.ts';
import { formatLabelledReference, formatLineage, formatModelList, formatRegistered } from '../format-registry.ts';
import type { ClassLabel, ScoreKind } from '../../core/signature.ts';
import { maxArtifactBytesOption } from '../artifact-limit-option.ts';
import { outputOptions } from '../output-options.ts';
import { collect, commaList, keyValue, metric } from '../parse-options.ts';
import { progressBar } from '../progress.ts';
import { rowCount } from './importance.ts';

interface RegisterOptions {
  format?: string;
  trainingData?: string;
  referenceData?: string;
  label?: string;
  features?: string[];
  task?: 'classification' | 'regression';
  classes?: ClassLabel[];
  scores?: ScoreKind;
  maxArtifactBytes?: number;
  codeRef?: string;
  alias?: string;
  description?: string;
  owner?: string;
  intendedUse?: string;
  tag?: string[];
  param?: Record<string, unknown>;
  metric?: Record<string, number>;
  contract?: string;
  force?: boolean;
  reason?: string;
  importance?: boolean;
  importanceRows?: number;
  importanceBackgroundRows?: number;
  json?: boolean;
}

export function modelsCommand(): Command {
  const models = new Command('models').description('register, list and inspect model versions');

  models
    .command('register')
    .description('register a new immutable version of a model (format detected when not given)')
    .argument('<name>', 'model name, e.g. credit-risk')
    .argument('<file>', 'model file: ONNX (.onnx), XGBoost JSON (.json) or LightGBM text (.txt)')
    .addOption(new Option('--format <format>', 'model format').choices(['onnx', 'xgboost', 'lightgbm']))
    .option('--training-data <file>', 'training data (CSV, JSON Lines or Parquet) to snapshot, hash and check against the model')
    .option(
      '--reference-data <file>',
      'labelled data held out from training (CSV, JSON Lines or Parquet): scored with this version and kept as its labelled reference, for performance estimated before labels arrive',
    )
    .option('--label <column>', 'the label column of the training data and of the reference data')
    .option('--features <names>', 'feature names, comma-separated, for a model that carries none', commaList)
    .addOption(outputOptions.task)
    .addOption(outputOptions.classes)
    .addOption(outputOptions.scores)
    .addOption(maxArtifactBytesOption())
    .option('--code-ref <sha>', 'the code that trained it, e.g. a git commit')
    .option('--alias <alias>', 'point this alias (e.g. champion) at the new version')
    .option('--description <text>', 'what the model does')
    .option('--owner <owner>', 'team or person responsible (default: you)')
    .option('--intended-use <text>', 'what the model is for, and not for')
    .option('--tag <tag>', 'a tag (repeatable)', collect)
    .option('--param <key=value>', 'a training parameter (repeatable)', keyValue)
    .option('--metric <name=number>', 'an evaluation metric (repeatable)', metric)
    .option(
      '--contract <file>',
      "the data contract its inputs must meet (default: the previous version's); the training data is checked against it",
    )
    .option('--force', 'register even if the training data breaks the contract (needs --reason)')
    .option('--reason <text>', 'why the contract may be broken; written to the audit log')
    .option(
      '--importance-rows <n>',
      'training rows explained for its global importance (default 200; 50 for a model explained with KernelSHAP)',
      rowCount,
    )
    .option('--importance-background-rows <n>', 'rows they are compared against (default 100; 20 with KernelSHAP)', rowCount)
    .option('--no-importance', 'do not compute its global importance now (ballast importance --recompute does it later)')
    .option('--json', 'print the new version as JSON')
    .action(async (name: string, file: string, options: RegisterOptions, command: Command) => {
      const progress = progressBar('checking training data');
      const result = await withContext(command, (ctx) =>
        registerModel(ctx, {
          name,
          modelFile: file,
          format: options.format === undefined ? undefined : parseModelFormat(options.format),
          trainingData: options.trainingData,
          referenceData: options.referenceData,
          labelColumn: options.label,
          featureNames: options.features,
          output: { task: options.task, classes: options.classes, scores: options.scores },
          maxArtifactBytes: options.maxArtifactBytes,
          codeRef: options.codeRef,
          alias: options.alias,
          description: options.description,
          owner: options.owner,
          intendedUse: options.intendedUse,
          tags: options.tag,
          parameters: options.param,
          metrics: options.metric,
          contractFile: options.contract,
          force: options.force,
          reason: options.reason,
          importance:
            options.importance === false ? false : { sampleRows: options.importanceRows, backgroundRows: options.importanceBackgroundRows },
          onProgress: (stage, done, total) => {
            if (stage === 'training-data') progress.update(done, total);
          },
        }).finally(() => progress.stop()),
      );
      console.log(options.json ? JSON.stringify(result, null, 2) : formatRegistered(result, options.alias));
    });

  models
    .command('reference')
    .description(
      "give a version a labelled reference: FILE is scored with the version's own model and kept (replacing any earlier one), so its performance can be estimated before labels arrive (classifiers)",
    )
    .argument('<ref>', 'NAME:version (or NAME, NAME@alias)')
    .argument('<file>', 'labelled data held out from training, CSV, JSON Lines or Parquet')
    .requiredOption('--label <column>', 'the column that holds the true class')
    .option('--json', 'print the reference as JSON')
    .action(async (ref: string, file: string, options: { label: string; json?: boolean }, command: Command) => {
      const result = await withContext(command, (ctx) => setLabelledReference(ctx, ref, file, options.label));
      console.log(options.json ? JSON.stringify(result.reference, null, 2) : formatLabelledReference(result));
    });

  models
    .command('list')
    .description('list registered models with their latest version')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const list = await withContext(command, (ctx) => ctx.store.models.list());
      console.log(options.json ? JSON.stringify(list, null, 2) : formatModelList(list));
    });

  models
    .command('show')
    .description('show a version with its lineage: artifact, training snapshot, code reference, aliases')
    .argument('<ref>', 'NAME (latest), NAME@alias or NAME:version')
    .option('--json', 'print JSON')
    .action(async (ref: string, options: { json?: boolean }, command: Command) => {
      const lineage = await withContext(command, (ctx) => describeVersion(ctx, ref));
      console.log(options.json ? JSON.stringify(lineage, null, 2) : formatLineage(lineage));
    });

  models
    .command('alias')
    .description('point an alias at a version (moving it if it exists), in one atomic step')
    .argument('<ref>', 'NAME:version (or NAME@other-alias) to point at')
    .argument('<alias>', 'alias name, e.g. champion')
    .option('--force', "admin only: move champion although the model's promotion policy is not met (audited gate.override)")
    .option('--reason <text>', 'why the gate is overridden (required with --force)')
    .action(async (ref: string, alias: string, options: { force?: boolean; reason?: string }, command: Command) => {
      const { previous, version } = await withContext(command, async (ctx) => setAlias(ctx, ref, alias, await actorOverride(ctx, options)));
      const moved = previous === undefined ? 'created' : previous === version.version ? 'unchanged' : `moved from version ${previous}`;
      console.log(`${version.modelName}@${alias} -> ${version.modelName}:${version.version} (${moved})`);
    });

  models
    .command('unalias')
    .description('remove an alias')
    .argument('<name>', 'model name')
    .argument('<alias>', 'alias to remove')
    .action(async (name: string, alias: string, _options: unknown, command: Command) => {
      await withContext(command, (ctx) => removeAlias(ctx, name, alias));
      console.log(`removed ${name}@${alias}`);
    });

  models.addCommand(modelsMarkCommand());
  models.addCommand(modelsAnnotateCommand());
  return models;
}
