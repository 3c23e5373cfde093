import { BallastError } from '../../core/errors.ts';
import type { RolloutState } from '../../core/rollouts/deployment-routing.ts';
import { advanceMove, finishMove, rolloutMove } from '../../core/rollouts/rollout-moves.ts';
import type { DeploymentRecord } from '../../core/serving-records.ts';
import type { AppContext } from '../context.ts';
import type { DeploymentLoader } from '../deployments.ts';
import { changeRollout } from './rollout-change.ts';

/**
 * The rollout controller's three moves (part of the gate loop, rollout-controller.ts). Each checks,
 * inside its compare-and-set, that the rollout is still the one the controller judged — the same id
 * and, for a step forward, the same step — so a gate verdict about a step an operator has since
 * paused, aborted or promoted changes nothing (`conflict`).
 */

/** The next canary step (weight = steps[i+1], starting now); after the last step, promote (`promoted`). */
export async function advanceRollout(
  ctx: AppContext,
  name: string,
  expected: { readonly rolloutId: string; readonly stepIndex: number },
  loader?: DeploymentLoader,
): Promise<DeploymentRecord> {
  return changeRollout(
    ctx,
    name,
    (current, rollout) => {
      expectRollout(name, rollout, expected.rolloutId, expected.stepIndex);
      const move = advanceMove(current, ctx.clock().toISOString());
      const next = move.routing.rollout;
      return {
        move,
        action: move.outcome === 'promoted' ? 'rollout.promote' : 'rollout.advance',
        details: { from_step: expected.stepIndex, ...(next ? { step: next.stepIndex, weight: next.weight } : {}) },
        reason: move.outcome === 'promoted' ? `every step passed its gate (last at ${rollout!.weight}%)` : null,
      };
    },
    loader,
  );
}

/** All traffic back to stable at once (`aborted`), with why (the failing signals and their values). */
export async function abortRollout(
  ctx: AppContext,
  name: string,
  input: { readonly reason: string; readonly rolloutId?: string },
  loader?: DeploymentLoader,
): Promise<DeploymentRecord> {
  return changeRollout(
    ctx,
    name,
    (current, rollout) => {
      if (input.rolloutId !== undefined) expectRollout(name, rollout, input.rolloutId);
      return { move: rolloutMove(current, 'abort', ctx.clock().toISOString()), action: 'rollout.abort', reason: input.reason };
    },
    loader,
  );
}

/** Blue/green after switch, once keep-previous has passed: the rollout ends (`finished`) and blue is let go. */
export async function finishRollout(
  ctx: AppContext,
  name: string,
  input: { readonly rolloutId: string },
  loader?: DeploymentLoader,
): Promise<DeploymentRecord> {
  return changeRollout(
    ctx,
    name,
    (current, rollout) => {
      expectRollout(name, rollout, input.rolloutId);
      return {
        move: finishMove(current, ctx.clock().toISOString()),
        action: 'rollout.finish',
        reason: 'blue was kept loaded for keep-previous and no rollback came',
      };
    },
    loader,
  );
}

function expectRollout(name: string, rollout: RolloutState | undefined, rolloutId: string, stepIndex?: number): void {
  if (rollout === undefined || rollout.id !== rolloutId)
    throw new BallastError(
      'conflict',
      `the rollout ${rolloutId} of "${name}" is no longer active${rollout ? ` (${rollout.id} is)` : ''}; nothing changed`,
    );
  if (stepIndex !== undefined && rollout.stepIndex !== stepIndex)
    throw new BallastError(
      'conflict',
      `the rollout of "${name}" is at step ${rollout.stepIndex + 1}, not ${stepIndex + 1}; nothing changed`,
    );
}
