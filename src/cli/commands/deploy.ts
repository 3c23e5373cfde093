import { Command, InvalidArgumentError } from 'commander';
import { deploy, deploymentHistory } from '../../app/deployments.ts';
import { actorOverride } from '../../app/governance/actor-override.ts';
import { parseKpiSpec } from '../../core/kpis/kpi-definitions.ts';
import { BallastError } from '../../core/errors.ts';
import { parseFeaturesSpec } from '../../core/features/deployment-features.ts';
import type { DeploymentConfig } from '../../core/serving-records.ts';
import { withContext } from '../cli-context.ts';

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number');
  return n;
}

/** A number; whether it is in (0, 1] is the deployment config's to say, with the field's path. */
function share(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || Number.isNaN(n)) throw new InvalidArgumentError('must be a number greater than 0 and at most 1');
  return n;
}

/** `--kpi NAME=AGGREGATE(EVENT)`, repeatable; names and aggregate are checked with the rest of the config. */
function kpi(value: string, previous: { name: string; event: string; aggregate: string }[] = []) {
  const parsed = parseKpiSpec(value);
  if (parsed === undefined) throw new InvalidArgumentError('must read NAME=AGGREGATE(EVENT), e.g. conversion_rate=rate(conversion)');
  return [...previous, parsed];
}

/** "  kpis conversion_rate=rate(conversion)" when the deployment has KPIs. */
function kpiList(config: DeploymentConfig): string {
  const kpis = config.kpis ?? [];
  return kpis.length > 0 ? `  kpis ${kpis.map((k) => `${k.name}=${k.aggregate}(${k.event})`).join(', ')}` : '';
}

/** `--features customer_id=tx:spend_7d,tx:n_tx_7d`: the key field and the refs (checked against the definitions at deploy). */
function featuresSpec(value: string): { entityKey: string; features: string[] } {
  const parsed = parseFeaturesSpec(value);
  if (parsed === undefined) throw new InvalidArgumentError('must read KEY=VIEW:FEATURE,..., e.g. customer_id=tx:spend_7d,tx:n_tx_7d');
  return parsed;
}

/** "  features customer_id=tx:spend_7d,tx:n_tx_7d (definitions v3, missing entity: reject)" for an enriching deployment. */
function featuresMark(config: DeploymentConfig): string {
  const f = config.features;
  return f ? `  features ${f.entityKey}=${f.features.join(',')} (definitions v${f.featureSetVersion}, missing entity: ${f.onMissing})` : '';
}

/** "  production" for a production deployment (gated by its model's promotion policy). */
function productionMark(config: DeploymentConfig): string {
  return config.production === true ? '  production' : '';
}

/** " logs 10% of predictions" for a sampled log; nothing when every prediction is logged. */
function sampledLog(rate: number): string {
  return rate < 1 ? `  logs ${Number((rate * 100).toPrecision(4))}% of predictions` : '';
}

export function deployCommand(): Command {
  return new Command('deploy')
    .description('create a deployment, or move it to another model version (atomic and audited)')
    .argument('<name>', 'deployment name, the endpoint is /v1/deployments/NAME/predict')
    .requiredOption('--model <ref>', 'NAME, NAME@alias or NAME:version (an alias is resolved now and pinned)')
    .option('--max-batch-size <n>', 'most rows per model call', wholeNumber)
    .option('--max-delay-ms <n>', 'longest a request waits for a model slot', wholeNumber)
    .option(
      '--log-sample-rate <share>',
      'share of predictions kept in the prediction log, in (0, 1] (default 1: all); monitoring still profiles every one',
      share,
    )
    .option(
      '--kpi <NAME=AGGREGATE(EVENT)>',
      'a business KPI from outcome events: rate, sum or mean, e.g. conversion_rate=rate(conversion); repeat for more (replaces the KPIs before)',
      kpi,
    )
    .option(
      '--features <KEY=VIEW:FEATURE,...>',
      'complete each request carrying KEY from the online store with these features (each fills the model input of its name; values the request carries are kept)',
      featuresSpec,
    )
    .option('--no-features', 'no longer complete requests from the online store')
    .option(
      '--on-missing-entity <policy>',
      'with --features: missing (default) gives missing values for an entity the store lacks, reject answers 422 missing_entity',
    )
    .option('--production', "a production deployment: its versions pass the model's promotion gate (kept by later deploys)")
    .option('--no-production', 'no longer a production deployment')
    .option('--force', 'admin only: deploy to a production deployment although the promotion policy is not met (audited)')
    .option('--reason <text>', 'why the gate is overridden (required with --force)')
    .option('--json', 'print JSON')
    .action(
      async (
        name: string,
        options: {
          model: string;
          production?: boolean;
          force?: boolean;
          reason?: string;
          maxBatchSize?: number;
          maxDelayMs?: number;
          logSampleRate?: number;
          kpi?: { name: string; event: string; aggregate: string }[];
          json?: boolean;
          features?: { entityKey: string; features: string[] } | false;
          onMissingEntity?: string;
        },
        command: Command,
      ) => {
        if (options.onMissingEntity !== undefined && !options.features)
          throw new BallastError('invalid_argument', '--on-missing-entity goes with --features KEY=VIEW:FEATURE,...');
        const config = {
          ...(options.maxBatchSize !== undefined ? { maxBatchSize: options.maxBatchSize } : {}),
          ...(options.maxDelayMs !== undefined ? { maxDelayMs: options.maxDelayMs } : {}),
          ...(options.logSampleRate !== undefined ? { logSampleRate: options.logSampleRate } : {}),
          ...(options.kpi !== undefined ? { kpis: options.kpi } : {}),
          ...(options.production !== undefined ? { production: options.production } : {}),
          ...(options.features === false ? { features: null } : {}),
          ...(options.features
            ? {
                features: { ...options.features, ...(options.onMissingEntity !== undefined ? { onMissing: options.onMissingEntity } : {}) },
              }
            : {}),
        };
        const result = await withContext(command, async (ctx) =>
          deploy(ctx, { name, model: options.model, config, override: await actorOverride(ctx, options) }),
        );
        const d = result.deployment;
        if (options.json) console.log(JSON.stringify(result, null, 2));
        else if (!result.changed)
          console.log(`${name} already serves ${d.modelName}:${d.modelVersion} (revision ${d.revision}); nothing changed`);
        else if (result.previous)
          console.log(
            `${name}: ${result.previous.modelName}:${result.previous.modelVersion} -> ${d.modelName}:${d.modelVersion} (revision ${d.revision}); running servers pick it up within seconds`,
          );
        else console.log(`${name} created, serving ${d.modelName}:${d.modelVersion}${featuresMark(d.config)}`);
      },
    );
}

export function deploymentsCommand(): Command {
  const deployments = new Command('deployments').description('list and inspect deployments');
  deployments
    .command('list')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const list = await withContext(command, (ctx) => ctx.store.deployments.list());
      if (options.json) console.log(JSON.stringify(list, null, 2));
      else if (list.length === 0) console.log('no deployments yet; create one with: ballast deploy NAME --model MODEL@alias');
      else
        for (const d of list)
          console.log(
            `${d.name.padEnd(24)} ${`${d.modelName}:${d.modelVersion}`.padEnd(24)} rev ${d.revision}  batch ≤${d.config.maxBatchSize}  wait ≤${d.config.maxDelayMs} ms${productionMark(d.config)}${sampledLog(d.config.logSampleRate)}`,
          );
    });
  deployments
    .command('show')
    .argument('<name>')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { json?: boolean }, command: Command) => {
      const { deployment, history } = await withContext(command, (ctx) => deploymentHistory(ctx, name));
      if (options.json) console.log(JSON.stringify({ deployment, history }, null, 2));
      else {
        console.log(
          `${deployment.name}: ${deployment.modelName}:${deployment.modelVersion} (revision ${deployment.revision})${productionMark(deployment.config)}${sampledLog(deployment.config.logSampleRate)}${kpiList(deployment.config)}${featuresMark(deployment.config)}`,
        );
        for (const h of history)
          console.log(
            `  rev ${String(h.revision).padEnd(4)} ${h.at}  ${h.modelName}:${h.modelVersion}  by ${h.actor}${sampledLog(h.config.logSampleRate)}`,
          );
      }
    });
  return deployments;
}
