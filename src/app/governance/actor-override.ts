import { BallastError } from '../../core/errors.ts';
import type { AppContext } from '../context.ts';
import { actorRole } from './actor-role.ts';
import type { GateOverride } from './promotion-gate.ts';

/**
 * The gate override a CLI user asks for with `--force --reason TEXT`, with the role their tokens give
 * them (actor-role.ts); undefined without `--force`. A reason without `--force` is a mistake worth
 * saying, not a silent no-op.
 */
export async function actorOverride(
  ctx: Pick<AppContext, 'store' | 'actor'>,
  flags: { readonly force?: boolean; readonly reason?: string },
): Promise<GateOverride | undefined> {
  if (flags.force !== true) {
    if (flags.reason !== undefined)
      throw new BallastError('invalid_argument', '--reason goes with --force (an admin override of a promotion gate)');
    return undefined;
  }
  return { reason: flags.reason, role: await actorRole(ctx.store, ctx.actor) };
}
