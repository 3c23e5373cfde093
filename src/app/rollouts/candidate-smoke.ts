import { versionName } from '../../core/alerts/rollback-guards.ts';
import { BallastError } from '../../core/errors.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { DeploymentRecord } from '../../core/serving-records.ts';
import type { FeatureBatch, PredictionOutput } from '../../runtime/model-runtime.ts';
import { SMOKE_ROWS, smokeBatch, smokeProblem } from '../alerts/smoke-request.ts';
import type { AppContext } from '../context.ts';

/** A candidate loaded beside what serves (ServingHost.prepare's answer in a server; an in-process model in the CLI). */
export interface PreparedCandidate {
  predict(batch: FeatureBatch): Promise<PredictionOutput>;
  /** Serves `record`, a revision whose stable version is the candidate (blue/green's switch), with the model already loaded. */
  serve(record: DeploymentRecord): Promise<void>;
  /** Lets the prepared model go; once a revision routes to it the serving host keeps its own. */
  discard(): Promise<void>;
}

/** Loads a candidate for a deployment without serving it: the serving host in a server, an in-process loader in the CLI. */
export interface CandidateServing {
  prepare(deployment: DeploymentRecord, version: ModelVersionRecord): Promise<PreparedCandidate>;
}

/**
 * Loads the candidate and has it answer a few rows of its own training snapshot before any traffic
 * moves to it: a version that does not load, answers with the wrong shape or with non-numbers, or has
 * no snapshot to ask, is refused with `rollout_candidate_failed` (and closed). The caller discards
 * (or serves) what this returns once the rollout's change is committed or refused.
 */
export async function smokeTestCandidate(
  ctx: Pick<AppContext, 'store' | 'artifacts'>,
  serving: CandidateServing,
  deployment: DeploymentRecord,
  version: ModelVersionRecord,
  rows = SMOKE_ROWS,
): Promise<PreparedCandidate> {
  const name = versionName({ name: version.modelName, version: version.version });
  const smoke = await smokeBatch(ctx, version, rows);
  if ('refusal' in smoke) throw new BallastError('rollout_candidate_failed', `${name} cannot be smoke-tested: ${smoke.refusal}`);
  let prepared: PreparedCandidate | undefined;
  try {
    prepared = await serving.prepare(deployment, version);
    const problem = smokeProblem(await prepared.predict(smoke.batch), smoke.batch.rowCount);
    if (problem !== undefined) throw new Error(problem);
    return prepared;
  } catch (error) {
    await prepared?.discard();
    const why = error instanceof Error ? error.message : String(error);
    throw new BallastError(
      'rollout_candidate_failed',
      `${name} did not answer a smoke request of ${smoke.batch.rowCount} rows from its training snapshot: ${why}`,
    );
  }
}
