import { BallastError } from '../../core/errors.ts';
import type { RolloutState } from '../../core/rollouts/deployment-routing.ts';
import type { RolloutMove } from '../../core/rollouts/rollout-moves.ts';
import type { DeploymentRecord } from '../../core/serving-records.ts';
import type { AppContext } from '../context.ts';
import type { DeploymentLoader } from '../deployments.ts';
import { changeRouting } from '../routing-change.ts';

/** One change of an active rollout as decided from the revision read. */
export interface RolloutChange {
  readonly move: RolloutMove;
  /** Audit action: `rollout.pause`, `rollout.advance`, … */
  readonly action: string;
  readonly details?: Readonly<Record<string, unknown>>;
  /** Recorded on the rollout's history row when the move ends it. */
  readonly reason?: string | null;
}

/**
 * Applies a move of the deployment's active rollout as one audited compare-and-set on the revision
 * (changeRouting); a move that ends the rollout records its outcome on the rollout's history row in
 * the same transaction, so the routing and the history never disagree.
 */
export async function changeRollout(
  ctx: AppContext,
  name: string,
  decide: (current: DeploymentRecord, rollout: RolloutState | undefined) => RolloutChange,
  loader?: DeploymentLoader,
): Promise<DeploymentRecord> {
  const { deployment } = await changeRouting(
    ctx,
    name,
    async (current, tx) => {
      const rollout = current.routing.rollout;
      const change = decide(current, rollout);
      const { move } = change;
      if (move.outcome !== undefined && rollout !== undefined) {
        const ended = await tx.rollouts.end(rollout.id, {
          endedAt: ctx.clock().toISOString(),
          endedBy: ctx.actor,
          outcome: move.outcome,
          reason: change.reason ?? null,
        });
        if (!ended) throw new BallastError('conflict', `rollout ${rollout.id} of "${name}" has already ended; read it again`);
      }
      return {
        ...(move.versionId !== undefined ? { versionId: move.versionId } : {}),
        routing: move.routing,
        action: change.action,
        details: {
          rollout: rollout?.id ?? null,
          ...(move.outcome !== undefined ? { outcome: move.outcome } : {}),
          ...(change.reason ? { reason: change.reason } : {}),
          ...change.details,
        },
      };
    },
    loader,
  );
  return deployment;
}
