import { BallastError } from '../core/errors.ts';
import { assertValidName, formatModelRef, parseModelRef } from '../core/model-ref.ts';
import { parseDeploymentConfig, type DeploymentConfig, type DeploymentRecord, type DeploymentRevision } from '../core/serving-records.ts';
import { sameDeploymentFeatures } from '../core/features/deployment-features.ts';
import { auditedTransaction } from './audit.ts';
import { checkDeploymentFeatures } from './features/deployment-features-check.ts';
import type { AppContext } from './context.ts';
import { checkGateOverride, enforcePromotionGate, type GateOverride } from './governance/promotion-gate.ts';
import { resolveModelRef } from './resolve-model.ts';

export interface DeployInput {
  readonly name: string;
  /** NAME, NAME@alias or NAME:version; an alias is resolved now and the version is pinned. */
  readonly model: string;
  readonly config?: Partial<Record<keyof DeploymentConfig, unknown>>;
  /** An admin's override of the promotion gate of a production deployment (audited as `gate.override`). */
  readonly override?: GateOverride;
}

export interface DeployResult {
  readonly deployment: DeploymentRecord;
  readonly previous: DeploymentRecord | undefined;
  readonly changed: boolean;
}

/** A process that serves deployments (ServingHost); the CLI has none. */
export interface DeploymentLoader {
  apply(deployment: DeploymentRecord): Promise<unknown>;
}

/**
 * Creates a deployment or moves it to another version in one audited transaction. The move is a
 * compare-and-set on the revision read, so two operators deploying at once cannot both win silently.
 * Given a loader (a serving process), the new version is loaded before this returns, so the next
 * prediction there is served by it; other processes pick the change up by their periodic refresh.
 */
export async function deploy(ctx: AppContext, input: DeployInput, loader?: DeploymentLoader): Promise<DeployResult> {
  const result = await recordDeployment(ctx, input);
  await loader?.apply(result.deployment);
  return result;
}

async function recordDeployment(ctx: AppContext, input: DeployInput): Promise<DeployResult> {
  assertValidName(input.name, 'deployment name');
  const ref = parseModelRef(input.model);
  checkGateOverride(input.override);
  return auditedTransaction(ctx, async (tx, audit) => {
    const { model, version } = await resolveModelRef(tx, input.model);
    const now = ctx.clock().toISOString();
    const previous = await tx.deployments.findByName(input.name);
    const parsed = parseDeploymentConfig(input.config ?? {}, previous?.config);
    // Enrichment given now is resolved against the definitions applied now; kept, against its own.
    const config = parsed.features
      ? { ...parsed, features: await checkDeploymentFeatures(tx, parsed.features, version, input.config?.features !== undefined) }
      : parsed;
    const details = { model: `${model.name}:${version.version}`, requested: formatModelRef(ref), config };
    // A production deployment getting a version it did not serve as production (a new one, another
    // version, or becoming production now) is a promotion: the model's policy must allow it.
    if (config.production === true && (previous?.versionId !== version.id || previous.config.production !== true)) {
      const forced = await enforcePromotionGate(
        tx,
        { version, stage: 'production', target: `production deployment "${input.name}"` },
        input.override,
      );
      if (forced !== undefined) await audit(forced);
    }
    if (previous === undefined) {
      const id = ctx.newId();
      await tx.deployments.insert({
        id,
        name: input.name,
        versionId: version.id,
        config,
        revision: 1,
        createdBy: ctx.actor,
        createdAt: now,
        updatedBy: ctx.actor,
        updatedAt: now,
      });
      await audit({ action: 'deployment.create', objectType: 'deployment', objectId: input.name, details });
    } else {
      if (previous.versionId === version.id && sameConfig(previous.config, config))
        return { deployment: previous, previous, changed: false };
      // A rollout decides who answers until it ends; moving the stable version under it would
      // change what it falls back to. A deploy that changes nothing above is harmless and passes.
      const rollout = previous.routing.rollout;
      if (rollout !== undefined)
        throw new BallastError(
          'rollout_in_progress',
          `deployment "${input.name}" has an active ${rollout.strategy} rollout (${rollout.id}, ${rollout.status}); promote or abort it before a deploy`,
        );
      const moved = await tx.deployments.update(previous.id, previous.revision, {
        versionId: version.id,
        config,
        actor: ctx.actor,
        at: now,
      });
      if (!moved) throw new BallastError('conflict', `deployment "${input.name}" changed while this deploy ran; retry`);
      await audit({
        action: 'deployment.update',
        objectType: 'deployment',
        objectId: input.name,
        details: { ...details, from: `${previous.modelName}:${previous.modelVersion}`, revision: previous.revision + 1 },
      });
    }
    const deployment = (await tx.deployments.findByName(input.name))!;
    return { deployment, previous, changed: true };
  });
}

export async function getDeployment(ctx: Pick<AppContext, 'store'>, name: string): Promise<DeploymentRecord> {
  const deployment = await ctx.store.deployments.findByName(name);
  if (deployment === undefined) throw new BallastError('deployment_not_found', `no deployment named "${name}"`);
  return deployment;
}

export async function deploymentHistory(
  ctx: Pick<AppContext, 'store'>,
  name: string,
): Promise<{ deployment: DeploymentRecord; history: DeploymentRevision[] }> {
  const deployment = await getDeployment(ctx, name);
  return { deployment, history: await ctx.store.deployments.revisions(deployment.id) };
}

export interface ViolationWindow {
  readonly windowStart: string;
  readonly column: string;
  readonly code: string;
  readonly policy: string;
  readonly count: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A deployment's contract violations per minute, column, code and policy. `to` defaults to a
 * minute past now (so the current minute is in), `from` to a day before `to`.
 */
export async function deploymentViolations(
  ctx: Pick<AppContext, 'store' | 'clock'>,
  name: string,
  range: { readonly from?: string; readonly to?: string } = {},
): Promise<{ deployment: string; from: string; to: string; windows: ViolationWindow[] }> {
  const deployment = await getDeployment(ctx, name);
  const to = range.to ? new Date(range.to) : new Date(ctx.clock().getTime() + 60_000);
  const from = range.from ? new Date(range.from) : new Date(to.getTime() - DAY_MS);
  if (!(from < to))
    throw new BallastError('invalid_argument', '`from` must be before `to`', [
      { code: 'invalid_value', path: ['from'], message: 'must be before `to`' },
    ]);
  const windows = await ctx.store.contracts.violationCounts(deployment.name, from.toISOString(), to.toISOString());
  return { deployment: deployment.name, from: from.toISOString(), to: to.toISOString(), windows };
}

function sameConfig(a: DeploymentConfig, b: DeploymentConfig): boolean {
  return (
    a.maxBatchSize === b.maxBatchSize &&
    a.maxDelayMs === b.maxDelayMs &&
    a.logSampleRate === b.logSampleRate &&
    JSON.stringify(a.kpis ?? []) === JSON.stringify(b.kpis ?? []) &&
    (a.production === true) === (b.production === true) &&
    sameDeploymentFeatures(a.features, b.features)
  );
}
