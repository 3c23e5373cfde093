import { versionName } from '../../core/alerts/rollback-guards.ts';
import { BallastError } from '../../core/errors.ts';
import { IssueCollector } from '../../core/issues.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { RolloutState } from '../../core/rollouts/deployment-routing.ts';
import { checkRolloutOptions, type RolloutOptionsInput } from '../../core/rollouts/rollout-options.ts';
import type { DeploymentRecord } from '../../core/serving-records.ts';
import { readAlike, requestValueKind } from '../../core/request-value-kind.ts';
import type { AppContext } from '../context.ts';
import { getDeployment, type DeploymentLoader } from '../deployments.ts';
import { checkGateOverride, enforcePromotionGate, type GateOverride } from '../governance/promotion-gate.ts';
import { resolveModelRef } from '../resolve-model.ts';
import { changeRouting } from '../routing-change.ts';
import { smokeTestCandidate, type CandidateServing } from './candidate-smoke.ts';
import { rolloutStatus, type RolloutStatusWire } from './rollout-status.ts';

export interface StartRolloutInput extends RolloutOptionsInput {
  /** The deployment. */
  readonly name: string;
  /** The candidate: NAME:V, NAME@alias or NAME (its latest version), resolved now and pinned. */
  readonly to: unknown;
  /** An admin's override of the promotion gate of a production deployment (audited as `gate.override`). */
  readonly override?: GateOverride;
}

export interface RolloutDeps {
  /** Loads the candidate to smoke-test it: the serving host in a server, an in-process loader in the CLI. */
  readonly serving: CandidateServing;
  /** A serving process serves the new revision before this returns; others read it on their refresh. */
  readonly loader?: DeploymentLoader;
  readonly smokeRows?: number;
}

/**
 * Starts a rollout of a deployment to a candidate version. In order: no rollout may be active
 * (`rollout_in_progress`); every option and the candidate are checked at once (`invalid_rollout`, each
 * problem with its path); the candidate loads and answers a smoke request from its training snapshot
 * (`rollout_candidate_failed`); then one audited compare-and-set on the revision that was checked
 * sets the routing and inserts the rollout's history row. Nothing is recorded unless all of it holds.
 * Canary and A/B start `progressing` at their first weight; blue/green starts `ready` at weight 0.
 */
export async function startRollout(ctx: AppContext, input: StartRolloutInput, deps: RolloutDeps): Promise<RolloutStatusWire> {
  const deployment = await getDeployment(ctx, input.name);
  refuseActive(deployment);
  const issues = new IssueCollector();
  const options = checkRolloutOptions(input, deployment.name, issues);
  const candidate = await readCandidate(ctx, deployment, input.to, issues);
  if (deployment.routing.ensemble !== undefined)
    issues.report('unsupported', [], `"${deployment.name}" serves an ensemble; clear it before a rollout (both decide who answers)`);
  issues.throwIfAny('invalid_rollout', `cannot start a rollout of "${deployment.name}"`);
  checkGateOverride(input.override);
  // On a production deployment the candidate is promoted as it takes traffic: its gate is judged before
  // the smoke test loads it (refusing early), and again in the transaction that starts the rollout.
  const gate = { version: candidate!, stage: 'production', target: `production deployment "${deployment.name}"` } as const;
  if (deployment.config.production === true) await enforcePromotionGate(ctx.store, gate, input.override);

  const prepared = await smokeTestCandidate(ctx, deps.serving, deployment, candidate!, deps.smokeRows);
  try {
    await changeRouting(
      ctx,
      deployment.name,
      async (current, tx, audit) => {
        refuseActive(current);
        if (current.revision !== deployment.revision)
          throw new BallastError(
            'conflict',
            `deployment "${deployment.name}" changed while the candidate was checked (revision ${current.revision}, not ${deployment.revision}); start again`,
          );
        if (current.config.production === true) {
          const forced = await enforcePromotionGate(tx, gate, input.override);
          if (forced !== undefined) await audit(forced);
        }
        const now = ctx.clock().toISOString();
        const o = options!;
        const rollout: RolloutState = {
          id: ctx.newId(),
          strategy: o.strategy,
          candidateVersionId: candidate!.id,
          status: o.strategy === 'blue-green' ? 'ready' : 'progressing',
          steps: o.steps,
          stepIndex: 0,
          stepStartedAt: now,
          stepDurationMs: o.stepDurationMs,
          weight: o.steps[0] ?? 0,
          stickyKey: o.stickyKey,
          gateRules: o.gateRules,
          keepPreviousMs: o.keepPreviousMs,
          switchedAt: null,
          previousVersionId: null,
          startedAt: now,
          startedBy: ctx.actor,
        };
        const recorded = {
          steps: o.steps,
          step_duration_ms: o.stepDurationMs,
          sticky_key: o.stickyKey,
          gate_rules: o.gateRules.map((r) => r.name),
          keep_previous_ms: o.keepPreviousMs,
        };
        const candidateName = { name: candidate!.modelName, version: candidate!.version };
        await tx.rollouts.insert({
          id: rollout.id,
          deployment: current.name,
          strategy: rollout.strategy,
          candidateVersionId: candidate!.id,
          candidate: candidateName,
          stableVersionId: current.versionId,
          stable: { name: current.modelName, version: current.modelVersion },
          options: recorded,
          startedAt: now,
          startedBy: ctx.actor,
          endedAt: null,
          endedBy: null,
          outcome: null,
          reason: null,
        });
        return {
          routing: { ...current.routing, rollout },
          action: 'rollout.start',
          details: {
            rollout: rollout.id,
            strategy: rollout.strategy,
            candidate: versionName(candidateName),
            weight: rollout.weight,
            ...recorded,
          },
        };
      },
      deps.loader,
    );
  } finally {
    // The serving host loaded its own executor for the new revision (or reused this one); the CLI's closes here.
    await prepared.discard();
  }
  return rolloutStatus(ctx, deployment.name);
}

function refuseActive(deployment: DeploymentRecord): void {
  const active = deployment.routing.rollout;
  if (active !== undefined)
    throw new BallastError(
      'rollout_in_progress',
      `deployment "${deployment.name}" has an active ${active.strategy} rollout (${active.id}, ${active.status}); promote, abort or roll it back first`,
    );
}

/** The candidate version, or undefined with the reason reported under `to`: it must resolve, differ from stable and read the same inputs. */
async function readCandidate(
  ctx: AppContext,
  deployment: DeploymentRecord,
  to: unknown,
  issues: IssueCollector,
): Promise<ModelVersionRecord | undefined> {
  if (typeof to !== 'string' || to.trim() === '') {
    issues.report(to === undefined ? 'missing' : 'invalid_type', ['to'], 'is required: the candidate as NAME:VERSION or NAME@alias');
    return undefined;
  }
  let version: ModelVersionRecord;
  try {
    version = (await resolveModelRef(ctx.store, to)).version;
  } catch (error) {
    if (!(error instanceof BallastError)) throw error;
    issues.report('invalid_value', ['to'], error.message);
    return undefined;
  }
  const stableName = `${deployment.modelName}:${deployment.modelVersion}`;
  if (version.id === deployment.versionId) {
    issues.report('invalid_value', ['to'], `${to} is ${stableName}, the version "${deployment.name}" already serves`);
    return undefined;
  }
  const stable = await ctx.store.versions.findById(deployment.versionId);
  const differences = stable === undefined ? [] : inputDifferences(stable, version);
  if (differences.length > 0) {
    issues.report('invalid_value', ['to'], `${to} does not read the same inputs as ${stableName}: ${differences.join('; ')}`);
    return undefined;
  }
  return version;
}

/**
 * What differs between two versions' inputs, by name (requests send instances by name, so order does
 * not matter). Each input must take the values the stable version is sent (request-value-kind.ts):
 * integer and number alike, a named category alike with text.
 */
function inputDifferences(stable: ModelVersionRecord, candidate: ModelVersionRecord): string[] {
  const inputs = (v: ModelVersionRecord) => new Map(v.signature.inputs.map((f) => [f.name, f]));
  const [a, b] = [inputs(stable), inputs(candidate)];
  const out: string[] = [];
  for (const [name, feature] of a) {
    const other = b.get(name);
    if (other === undefined) out.push(`${name} is not among its inputs`);
    else if (!readAlike(feature, other)) out.push(`${name} takes ${requestValueKind(other)}, not ${requestValueKind(feature)}`);
  }
  for (const name of b.keys()) if (!a.has(name)) out.push(`it also reads ${name}`);
  return out;
}
