import type { RollbackRecord } from '../../core/alerts/rollback-record.ts';
import type { AppContext } from '../context.ts';
import { getDeployment } from '../deployments.ts';

/** How many attempts a listing shows unless asked for fewer or more. */
export const DEFAULT_ROLLBACKS_LIMIT = 100;

/** A deployment's automated rollback attempts, newest first, whatever came of them; an unknown deployment is an error. */
export async function deploymentRollbacks(
  ctx: Pick<AppContext, 'store'>,
  name: string,
  limit = DEFAULT_ROLLBACKS_LIMIT,
): Promise<RollbackRecord[]> {
  const deployment = await getDeployment(ctx, name);
  return ctx.store.rollbacks.listForDeployment(deployment.name, limit);
}
