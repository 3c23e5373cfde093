import { BallastError } from '../../core/errors.ts';
import { IssueCollector } from '../../core/issues.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { ShadowState } from '../../core/rollouts/deployment-routing.ts';
import type { DeploymentRecord } from '../../core/serving-records.ts';
import { readAlike, requestValueKind } from '../../core/request-value-kind.ts';
import type { FeatureBatch, PredictionOutput } from '../../runtime/model-runtime.ts';
import { SMOKE_ROWS, smokeBatch, smokeProblem } from '../alerts/smoke-request.ts';
import type { AppContext } from '../context.ts';
import type { DeploymentLoader } from '../deployments.ts';
import { resolveModelRef } from '../resolve-model.ts';
import { changeRouting } from '../routing-change.ts';

/** A version loaded for a smoke request and closed afterwards (ServingHost.prepare in a server). */
export interface ShadowPreparer {
  prepare(
    deployment: DeploymentRecord,
    version: ModelVersionRecord,
  ): Promise<{ predict(batch: FeatureBatch): Promise<PredictionOutput>; discard(): Promise<void> }>;
}

export interface StartShadowInput {
  readonly deployment: string;
  /** MODEL_REF: NAME:V, NAME@alias or NAME (latest). */
  readonly model: string;
  /** Share of answered requests mirrored, in (0, 1]; default 1. */
  readonly sample?: number;
}

export interface ShadowChange {
  readonly deployment: DeploymentRecord;
  readonly shadow: ShadowState;
  readonly model: { readonly name: string; readonly version: number };
}

/**
 * Starts (or replaces) a deployment's shadow. Checked before anything is written: the sample is a
 * share in (0, 1]; the version resolves, is not the deployment's stable version, and reads only
 * inputs the stable version reads, with the same types (it is fed the instances the stable version
 * was sent); it loads and answers a smoke request of rows from its training snapshot
 * (`shadow_model_failed` otherwise). Then one audited compare-and-set (`shadow.start`).
 */
export async function startShadow(
  ctx: AppContext,
  input: StartShadowInput,
  deps: { readonly preparer: ShadowPreparer; readonly loader?: DeploymentLoader },
): Promise<ShadowChange> {
  const sample = input.sample ?? 1;
  if (!(typeof sample === 'number' && Number.isFinite(sample) && sample > 0 && sample <= 1)) {
    const issues = new IssueCollector();
    issues.report('invalid_value', ['sample'], `must be a share in (0, 1], got ${String(sample)}`);
    issues.throwIfAny('invalid_argument', 'the shadow cannot be started');
  }
  const deployment = await ctx.store.deployments.findByName(input.deployment);
  if (deployment === undefined) throw new BallastError('deployment_not_found', `no deployment named "${input.deployment}"`);
  const { version } = await resolveModelRef(ctx.store, input.model);
  const stable = await ctx.store.versions.findById(deployment.versionId);
  checkShadowVersion(version, deployment, stable);
  await smokeTest(ctx, deps.preparer, deployment, version);
  const shadow: ShadowState = { versionId: version.id, sample, startedAt: ctx.clock().toISOString(), startedBy: ctx.actor };
  const { deployment: moved } = await changeRouting(
    ctx,
    input.deployment,
    (current) => {
      // The stable version may have moved since the checks above (a promotion): check again on what is written.
      if (current.versionId === version.id) throw sameAsStable(version, current);
      const replaced = current.routing.shadow;
      return {
        routing: { ...current.routing, shadow },
        action: 'shadow.start',
        details: {
          model: version.modelName,
          version: version.version,
          sample,
          ...(replaced ? { replaced_version_id: replaced.versionId } : {}),
        },
      };
    },
    deps.loader,
  );
  return { deployment: moved, shadow, model: { name: version.modelName, version: version.version } };
}

/** Stops a deployment's shadow (`shadow_not_found` when it has none): one audited compare-and-set (`shadow.stop`). */
export async function stopShadow(ctx: AppContext, name: string, loader?: DeploymentLoader): Promise<DeploymentRecord> {
  const { deployment } = await changeRouting(
    ctx,
    name,
    (current) => {
      const shadow = current.routing.shadow;
      if (shadow === undefined) throw new BallastError('shadow_not_found', `deployment "${name}" has no shadow`);
      const { shadow: _stopped, ...rest } = current.routing;
      return { routing: rest, action: 'shadow.stop', details: { version_id: shadow.versionId } };
    },
    loader,
  );
  return deployment;
}

function sameAsStable(version: ModelVersionRecord, deployment: DeploymentRecord): BallastError {
  return new BallastError(
    'invalid_argument',
    `${version.modelName}:${version.version} is the version deployment "${deployment.name}" serves; a shadow must be another version`,
  );
}

/**
 * The shadow reads the stable version's instances: each of its inputs must be one of the stable's,
 * taking the values the stable version is sent (request-value-kind.ts: integer and number alike, a
 * named category alike with text). Finer differences (a whole
 * number the shadow wants where the stable takes any) fail only the rows that break them, in the
 * shadow's own rows.
 */
function checkShadowVersion(version: ModelVersionRecord, deployment: DeploymentRecord, stable: ModelVersionRecord | undefined): void {
  if (version.id === deployment.versionId) throw sameAsStable(version, deployment);
  if (stable === undefined) return;
  const inputs = new Map(stable.signature.inputs.map((f) => [f.name, f]));
  const issues = new IssueCollector();
  version.signature.inputs.forEach((feature) => {
    const read = inputs.get(feature.name);
    if (read === undefined)
      issues.report(
        'unsupported',
        ['model', 'inputs', feature.name],
        `is an input of the shadow that ${stable.modelName}:${stable.version} does not read`,
      );
    else if (!readAlike(read, feature))
      issues.report(
        'invalid_type',
        ['model', 'inputs', feature.name],
        `takes ${requestValueKind(feature)} in the shadow but ${requestValueKind(read)} in the stable version`,
      );
  });
  issues.throwIfAny('invalid_argument', `${version.modelName}:${version.version} cannot shadow deployment "${deployment.name}"`);
}

async function smokeTest(
  ctx: AppContext,
  preparer: ShadowPreparer,
  deployment: DeploymentRecord,
  version: ModelVersionRecord,
): Promise<void> {
  const name = `${version.modelName}:${version.version}`;
  const smoke = await smokeBatch(ctx, version, SMOKE_ROWS);
  if ('refusal' in smoke) throw new BallastError('shadow_model_failed', smoke.refusal);
  let prepared: Awaited<ReturnType<ShadowPreparer['prepare']>>;
  try {
    prepared = await preparer.prepare(deployment, version);
  } catch (error) {
    throw new BallastError('shadow_model_failed', `${name} did not load: ${message(error)}`);
  }
  try {
    const problem = smokeProblem(await prepared.predict(smoke.batch), smoke.batch.rowCount);
    if (problem !== undefined) throw new Error(problem);
  } catch (error) {
    throw new BallastError(
      'shadow_model_failed',
      `${name} did not answer a smoke request of ${smoke.batch.rowCount} rows from its training snapshot: ${message(error)}`,
    );
  } finally {
    // The mirror loads the shadow apart (its own executor): this copy only proved that it works.
    await prepared.discard();
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
