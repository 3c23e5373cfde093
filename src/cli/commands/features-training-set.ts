import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Command, InvalidArgumentError } from 'commander';
import { BallastError } from '../../core/errors.ts';
import { buildTrainingSet, type TrainingSetResult } from '../../app/features/training-set.ts';
import { withContext } from '../cli-context.ts';

interface Options {
  entities: string;
  timestampColumn: string;
  features: string;
  fullNames?: boolean;
  output?: string;
  featureSetVersion?: number;
  json?: boolean;
}

/** `features training-set`: a point-in-time correct training set, recorded by its hash (docs/features.md). */
export function featuresTrainingSetCommand(): Command {
  return new Command('training-set')
    .description(
      "join features to entity rows as of each row's time (latest value at or before it, within the view's TTL), in the entity file's order",
    )
    .requiredOption('--entities <file>', 'entity rows: CSV or Parquet with the entity key(s) and an event-time column')
    .option('--timestamp-column <name>', "the entity rows' event-time column", 'event_timestamp')
    .requiredOption('--features <list>', 'view:feature,… (on-demand features as on_demand:name)')
    .option('--full-names', 'name every feature column view__feature (always done when two views share a name)')
    .option('--output <file>', 'write a .csv or .parquet file (default: CSV on standard output)')
    .option('--feature-set-version <n>', 'use this applied version of the definitions (default: the current one)', (text: string) => {
      const n = Number(text);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a version number (1, 2, …)');
      return n;
    })
    .option('--json', 'print what was written (hash, rows, columns, provenance) as JSON; needs --output')
    .action(async (options: Options, command: Command) => {
      if (options.json && options.output === undefined)
        throw new BallastError('invalid_argument', '--json needs --output: standard output cannot hold both');
      const temp = options.output === undefined ? await mkdtemp(path.join(tmpdir(), 'ballast-training-set-')) : undefined;
      try {
        const output = options.output ?? path.join(temp!, 'training-set.csv');
        const result = await withContext(command, (ctx) =>
          buildTrainingSet(ctx, {
            entities: options.entities,
            timestampColumn: options.timestampColumn,
            features: options.features,
            fullNames: options.fullNames,
            output,
            ...(temp !== undefined ? { recordedOutput: '-' } : {}),
            featureSetVersion: options.featureSetVersion,
          }),
        );
        if (temp !== undefined) await pipeline(createReadStream(output), process.stdout, { end: false });
        if (options.json) console.log(JSON.stringify(wire(result), null, 2));
        else
          console.error(
            `wrote ${temp !== undefined ? 'standard output' : result.output}: ${result.rows} rows, ${result.columns.length} columns, sha256:${result.sha256}`,
          );
      } finally {
        if (temp !== undefined) await rm(temp, { recursive: true, force: true });
      }
    });
}

function wire(result: TrainingSetResult) {
  const p = result.provenance;
  return {
    output: result.output,
    sha256: result.sha256,
    rows: result.rows,
    columns: result.columns,
    provenance: { feature_set_version: p.featureSetVersion, features: p.features, entities_sha256: p.entitiesSha256, sources: p.sources },
  };
}
