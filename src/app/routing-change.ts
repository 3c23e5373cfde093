import { BallastError } from '../core/errors.ts';
import type { DeploymentRouting } from '../core/rollouts/deployment-routing.ts';
import type { DeploymentRecord } from '../core/serving-records.ts';
import type { Repositories } from '../store/store.ts';
import { auditedTransaction, type RecordAudit } from './audit.ts';
import type { AppContext } from './context.ts';
import type { DeploymentLoader } from './deployments.ts';

/** What one routing change does to a deployment, decided from the revision it read. */
export interface RoutingMove {
  /** The stable version from now on; absent keeps the deployment's. */
  readonly versionId?: string;
  readonly routing: DeploymentRouting;
  /** Audit action, e.g. `rollout.start`, `shadow.stop`, `review.set`. */
  readonly action: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * Changes a deployment's routing (and, for a promotion or a switch, its stable version) as one
 * audited compare-and-set on the revision `decide` was given: a concurrent change — another operator,
 * the rollout controller, an alert's rollback — makes this fail with `conflict` and changes nothing.
 * `decide` runs inside the transaction; it throws to refuse (nothing is written then) and may read
 * and write through `tx` (check a version exists, add a rollout history row: it commits with the move
 * or not at all) and record audit entries of its own (a promotion gate's override) through `audit`. Given a loader (a serving process), the new revision
 * is served here before this returns; other servers pick it up on their refresh.
 */
export async function changeRouting(
  ctx: AppContext,
  name: string,
  decide: (current: DeploymentRecord, tx: Repositories, audit: RecordAudit) => Promise<RoutingMove> | RoutingMove,
  loader?: DeploymentLoader,
): Promise<{ readonly deployment: DeploymentRecord; readonly previous: DeploymentRecord }> {
  const result = await auditedTransaction(ctx, async (tx, record) => {
    const previous = await tx.deployments.findByName(name);
    if (previous === undefined) throw new BallastError('deployment_not_found', `no deployment named "${name}"`);
    const move = await decide(previous, tx, record);
    const at = ctx.clock().toISOString();
    const moved = await tx.deployments.update(previous.id, previous.revision, {
      versionId: move.versionId ?? previous.versionId,
      config: previous.config,
      routing: move.routing,
      actor: ctx.actor,
      at,
    });
    if (!moved) throw new BallastError('conflict', `deployment "${name}" changed while this change ran; read it again and retry`);
    const deployment = (await tx.deployments.findByName(name))!;
    await record({
      action: move.action,
      objectType: 'deployment',
      objectId: name,
      details: { ...move.details, revision: deployment.revision },
    });
    return { deployment, previous };
  });
  await loader?.apply(result.deployment);
  return result;
}
