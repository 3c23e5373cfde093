import { BallastError } from '../../core/errors.ts';
import { activeRollout, rolloutMove, type RolloutVerb } from '../../core/rollouts/rollout-moves.ts';
import type { AppContext } from '../context.ts';
import { getDeployment } from '../deployments.ts';
import { smokeTestCandidate, type PreparedCandidate } from './candidate-smoke.ts';
import { changeRollout } from './rollout-change.ts';
import { rolloutStatus, type RolloutStatusWire } from './rollout-status.ts';
import type { RolloutDeps } from './start-rollout.ts';

/**
 * An operator's step on the active rollout (`pause`, `resume`, `promote`, `abort`, `switch`,
 * `rollback`; core/rollouts/rollout-moves.ts says what each does), as one audited compare-and-set
 * (`rollout.<verb>`) with the reason given. A verb that does not fit the status is
 * `rollout_state_conflict`; no active rollout is `rollout_not_found`.
 *
 * `switch` smoke-tests green again first (it was checked when the rollout started, but a while may
 * have passed and every request is about to go to it); a green that fails is refused and nothing moves.
 */
export async function rolloutVerb(
  ctx: AppContext,
  name: string,
  verb: RolloutVerb,
  input: { readonly reason?: string },
  deps: RolloutDeps,
): Promise<RolloutStatusWire> {
  let prepared: PreparedCandidate | undefined;
  if (verb === 'switch') {
    const deployment = await getDeployment(ctx, name);
    // Checked here too, so a verb that does not fit is refused before a model is loaded for it.
    rolloutMove(deployment, verb, ctx.clock().toISOString());
    const green = await ctx.store.versions.findById(activeRollout(deployment).candidateVersionId);
    if (green === undefined) throw new BallastError('version_not_found', `the rollout's candidate of "${name}" is not in the registry`);
    prepared = await smokeTestCandidate(ctx, deps.serving, deployment, green, deps.smokeRows);
  }
  let deployment;
  try {
    deployment = await changeRollout(
      ctx,
      name,
      (current, rollout) => ({
        move: rolloutMove(current, verb, ctx.clock().toISOString()),
        action: `rollout.${verb}`,
        reason: input.reason ?? null,
        details: rollout ? { from_status: rollout.status } : {},
      }),
      prepared === undefined ? deps.loader : undefined,
    );
  } catch (error) {
    await prepared?.discard();
    throw error;
  }
  if (prepared !== undefined) {
    // Green, loaded and answering, serves here at once; should that fail, the refresh loads it.
    try {
      await prepared.serve(deployment);
    } catch {
      await prepared.discard();
      await deps.loader?.apply(deployment);
    }
  }
  return rolloutStatus(ctx, name);
}
