import type { AlertTransition, AlertTransitionSink, ModelVersionName } from '../../core/alerts/alert-rule.ts';
import { cooldownRefusal, formatDuration, versionName } from '../../core/alerts/rollback-guards.ts';
import type { RollbackRecord } from '../../core/alerts/rollback-record.ts';
import { BallastError } from '../../core/errors.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { RolloutState } from '../../core/rollouts/deployment-routing.ts';
import type { DeploymentRecord } from '../../core/serving-records.ts';
import type { FeatureBatch, PredictionOutput } from '../../runtime/model-runtime.ts';
import { auditedTransaction } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { rolloutVerb } from '../rollouts/rollout-verbs.ts';
import { resolveRollbackTarget } from './rollback-target.ts';
import { SMOKE_ROWS, smokeBatch, smokeProblem } from './smoke-request.ts';

/** A version loaded and not serving yet (ServingHost.prepare's answer). */
export interface PreparedTarget {
  predict(batch: FeatureBatch): Promise<PredictionOutput>;
  serve(record: DeploymentRecord): Promise<void>;
  discard(): Promise<void>;
}

/** Loads a rollback target beside the serving version: the ServingHost in production, a fake in unit tests. */
export interface RollbackServing {
  prepare(deployment: DeploymentRecord, version: ModelVersionRecord): Promise<PreparedTarget>;
}

export interface RollbackSinkOptions {
  readonly serving: RollbackServing;
  /** Told of every attempt once it is recorded (the incident timeline); its failure does not undo the attempt. */
  readonly onOutcome?: (outcome: RollbackRecord) => Promise<void> | void;
  readonly smokeRows?: number;
}

/**
 * The automated rollback: a rule with `rollback` that starts firing moves its deployment to the
 * rule's target, guarded, and on the record. In order, each guard cheaper than the next:
 *
 * 1. the signal was read on the version the deployment serves now (else the alert is about a version
 *    someone already moved away from, and "previous" would be the wrong way);
 * 2. the target resolves and is not the version serving;
 * 3. cooldown: not back to a version rolled back from within the cooldown, and one rollback per
 *    deployment per cooldown;
 * 4. the target loads and answers a smoke request of rows from its training snapshot;
 * 5. dry_run stops here and records what it would have done;
 * 6. one audited compare-and-set on the revision read in 1 (actor `alert:<rule>`, action
 *    `deployment.rollback`), the attempt recorded in the same transaction; a deployment moved
 *    meanwhile is left as it is.
 *
 * Then the serving host serves the target it already loaded. Every attempt lands in `rollbacks`, with
 * why in words, and goes to `onOutcome`. One transition's failure does not stop the next; they are
 * thrown together at the end for the evaluator to report.
 */
export function createRollbackSink(ctx: AppContext, options: RollbackSinkOptions): AlertTransitionSink {
  return async (transitions) => {
    const failures: unknown[] = [];
    for (const transition of transitions) {
      if (transition.to !== 'firing' || transition.rule.rollback === null) continue;
      try {
        const { outcome, serving } = await attemptRollback(ctx, options, transition);
        if (serving !== undefined) failures.push(serving);
        await options.onOutcome?.(outcome);
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, `${failures.length} automated rollbacks failed`);
  };
}

/** The attempt as recorded, and why the committed target could not be served here, if it could not. */
interface Attempt {
  readonly outcome: RollbackRecord;
  readonly serving?: unknown;
}

async function attemptRollback(ctx: AppContext, options: RollbackSinkOptions, transition: AlertTransition): Promise<Attempt> {
  const { rule, reading, threshold } = transition;
  const spec = rule.rollback!;
  const deployment = await ctx.store.deployments.findByName(rule.deployment);
  if (deployment === undefined)
    throw new BallastError('deployment_not_found', `rule ${rule.name} fired for deployment "${rule.deployment}", which does not exist`);
  const now = ctx.clock().toISOString();
  const value = reading.kind === 'value' ? reading.value : null;
  const from: ModelVersionName = { name: deployment.modelName, version: deployment.modelVersion };
  const attempt = { id: ctx.newId(), deployment: deployment.name, at: now, rule: rule.name, from, signal: rule.signal, value, threshold };
  // Stamped when the attempt ends, so a rollback's time is when the deployment moved (the smoke request takes a moment).
  const record = async (
    outcome: RollbackRecord['outcome'],
    to: ModelVersionName | null,
    reason: string,
    undone: ModelVersionName = from,
  ) => {
    const result: RollbackRecord = { ...attempt, from: undone, at: ctx.clock().toISOString(), to, outcome, reason };
    await ctx.store.rollbacks.insert(result);
    return { outcome: result };
  };
  const fired = firedBecause(transition);

  if (reading.model !== null && (reading.model.name !== from.name || reading.model.version !== from.version)) {
    const reason = `${fired}, but ${deployment.name} now serves ${versionName(from)} (revision ${deployment.revision}): the signal is about a version no longer served`;
    return record('refused', null, reason);
  }
  const rollout = deployment.routing.rollout;
  if (rollout !== undefined) return undoRollout(ctx, options, deployment, rollout, { rule: rule.name, fired, dryRun: spec.dryRun, record });
  const target = await resolveRollbackTarget(ctx.store, deployment, spec.to);
  if (target.kind === 'none') return record(target.outcome, target.to, target.reason);
  const to = { name: target.version.modelName, version: target.version.version };

  const since = new Date(Date.parse(now) - spec.cooldownMs).toISOString();
  const refusal = cooldownRefusal({
    deployment: deployment.name,
    target: to,
    now,
    cooldownMs: spec.cooldownMs,
    recent: await ctx.store.rollbacks.rolledBackSince(since),
  });
  if (refusal !== undefined) return record('refused', to, refusal);

  const smoke = await smokeBatch(ctx, target.version, options.smokeRows ?? SMOKE_ROWS);
  if ('refusal' in smoke) return record('refused', to, smoke.refusal);
  let prepared: PreparedTarget | undefined;
  try {
    prepared = await options.serving.prepare(deployment, target.version);
    const problem = smokeProblem(await prepared.predict(smoke.batch), smoke.batch.rowCount);
    if (problem !== undefined) throw new Error(problem);
  } catch (error) {
    await prepared?.discard();
    return record(
      'failed',
      to,
      `${versionName(to)} did not answer a smoke request of ${smoke.batch.rowCount} rows from its training snapshot: ${message(error)}`,
    );
  }
  const move = `${deployment.name} from ${versionName(from)} to ${versionName(to)} (${target.found})`;
  if (spec.dryRun) {
    await prepared.discard();
    return record('dry_run', to, `dry run: would roll back ${move}; ${fired}; it answered a smoke request of ${smoke.batch.rowCount} rows`);
  }

  const reason = `rolled back ${move}: ${fired}; cooldown ${formatDuration(spec.cooldownMs)}`;
  let moved: { record: RollbackRecord; deployment: DeploymentRecord } | { current: DeploymentRecord | undefined };
  const at = ctx.clock().toISOString();
  try {
    moved = await auditedTransaction({ ...ctx, actor: `alert:${rule.name}` }, async (tx, audit) => {
      const changed = await tx.deployments.update(deployment.id, deployment.revision, {
        versionId: target.version.id,
        config: deployment.config,
        actor: `alert:${rule.name}`,
        at,
      });
      if (!changed) return { current: await tx.deployments.findByName(deployment.name) };
      await audit({
        action: 'deployment.rollback',
        objectType: 'deployment',
        objectId: deployment.name,
        details: {
          rule: rule.name,
          signal: rule.signal,
          value,
          threshold,
          from: versionName(from),
          to: versionName(to),
          reason,
          revision: deployment.revision + 1,
        },
      });
      const result: RollbackRecord = { ...attempt, at, to, outcome: 'rolled_back', reason };
      await tx.rollbacks.insert(result);
      return { record: result, deployment: (await tx.deployments.findByName(deployment.name))! };
    });
  } catch (error) {
    await prepared.discard();
    return record('failed', to, `could not roll back ${move}: ${message(error)}`);
  }
  if ('current' in moved) {
    await prepared.discard();
    const current = moved.current;
    const meanwhile = current
      ? `it is at revision ${current.revision} (${current.modelName}:${current.modelVersion}, by ${current.updatedBy} at ${current.updatedAt}), not ${deployment.revision}`
      : 'it no longer exists';
    return record('failed', to, `${deployment.name} moved while the rollback ran: ${meanwhile}; left as it is`);
  }
  // Committed: the store says the target serves. Should serving it here fail, the host's periodic
  // refresh loads it; the failure is still reported.
  try {
    await prepared.serve(moved.deployment);
    return { outcome: moved.record };
  } catch (error) {
    await prepared.discard();
    return { outcome: moved.record, serving: error };
  }
}

/** `drift.share was 0.42 (above 0.3) on credit:3, rule inputs-drifted`, or `… had no data (…), which rule … counts as firing`. */
/**
 * A rule that fires while a rollout is under way undoes the rollout, whatever its `to` says: the
 * release in progress is the change to take back first, and the version the rollout started from is
 * the known good one. A canary or an A/B test is aborted (every request to stable at once); a
 * blue/green deployment already switched is rolled back to blue, still loaded; one not yet switched
 * is aborted. Recorded as a rollback from the rollout's version to the one that answers after it.
 */
async function undoRollout(
  ctx: AppContext,
  options: RollbackSinkOptions,
  deployment: DeploymentRecord,
  rollout: RolloutState,
  how: {
    readonly rule: string;
    readonly fired: string;
    readonly dryRun: boolean;
    readonly record: (
      outcome: RollbackRecord['outcome'],
      to: ModelVersionName | null,
      reason: string,
      undone?: ModelVersionName,
    ) => Promise<Attempt>;
  },
): Promise<Attempt> {
  const switched = rollout.status === 'switched';
  const verb = switched ? 'rollback' : 'abort';
  const undoneId = switched ? deployment.versionId : rollout.candidateVersionId;
  const keptId = switched ? rollout.previousVersionId! : deployment.versionId;
  const [undone, kept] = await Promise.all([ctx.store.versions.findById(undoneId), ctx.store.versions.findById(keptId)]);
  const name = (v: ModelVersionRecord | undefined): ModelVersionName | null => (v ? { name: v.modelName, version: v.version } : null);
  const to = name(kept);
  const from = name(undone) ?? undefined;
  const what = `the ${rollout.strategy} rollout of ${deployment.name} (${undone ? versionName(name(undone)!) : undoneId} back to ${to ? versionName(to) : keptId})`;
  if (how.dryRun) return how.record('dry_run', to, `dry run: would ${verb} ${what}; ${how.fired}`, from);
  const reason = `${verb === 'abort' ? 'aborted' : 'rolled back'} ${what}: ${how.fired}`;
  try {
    await rolloutVerb({ ...ctx, actor: `alert:${how.rule}` }, deployment.name, verb, { reason }, { serving: options.serving });
  } catch (error) {
    return how.record('failed', to, `could not ${verb} ${what}: ${message(error)}`, from);
  }
  return how.record('rolled_back', to, reason, from);
}

function firedBecause({ rule, reading, threshold }: AlertTransition): string {
  if (reading.kind === 'no_data') return `${rule.signal} had no data (${reading.reason}), which rule ${rule.name} counts as firing`;
  const side = rule.above !== null ? 'above' : 'below';
  const on = reading.model ? ` on ${versionName(reading.model)}` : '';
  return `${rule.signal} was ${formatValue(reading.value)} (${side} ${formatValue(threshold)})${on}, rule ${rule.name}`;
}

const formatValue = (value: number) => String(Number(value.toPrecision(4)));

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
