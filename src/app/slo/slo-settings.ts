import { BallastError } from '../../core/errors.ts';
import { parseSloObjectives, type SloObjectiveInput } from '../../core/slo/slo-input.ts';
import { objectiveText } from '../../core/slo/slo-objective.ts';
import type { StoredSlo } from '../../store/slo-repository.ts';
import { auditedTransaction } from '../audit.ts';
import type { AppContext } from '../context.ts';

/**
 * Sets a deployment's service level objectives, validated whole first (every problem with its path,
 * nothing saved on any), in one audited transaction (`slo.set`). `replace`: the objectives become the
 * deployment's whole set (the API's PUT); otherwise they replace only those of the same names (the
 * CLI's `slo set`, so an availability objective and a behaviour one can be set by two commands).
 */
export async function setSlos(
  ctx: AppContext,
  deployment: string,
  inputs: readonly SloObjectiveInput[],
  options: { readonly replace: boolean },
): Promise<StoredSlo[]> {
  const objectives = parseSloObjectives(inputs);
  if (objectives.length === 0 && !options.replace)
    throw new BallastError('invalid_argument', 'give at least one objective (e.g. --availability 99.9%)');
  return auditedTransaction(ctx, async (tx, audit) => {
    if ((await tx.deployments.findByName(deployment)) === undefined)
      throw new BallastError('deployment_not_found', `no deployment named "${deployment}"`);
    await tx.slos.save(deployment, objectives, { at: ctx.clock().toISOString(), by: ctx.actor, replace: options.replace });
    await audit({
      action: 'slo.set',
      objectType: 'deployment',
      objectId: deployment,
      details: {
        replace: options.replace,
        objectives: objectives.map((o) => ({ name: o.name, objective: objectiveText(o), target: o.target, period_ms: o.periodMs })),
      },
    });
    return tx.slos.list(deployment);
  });
}

/** Deletes a deployment's objectives, or the one named, audited (`slo.delete`); slo_not_found when there is none to delete. */
export async function deleteSlos(ctx: AppContext, deployment: string, name?: string): Promise<number> {
  return auditedTransaction(ctx, async (tx, audit) => {
    const deleted = await tx.slos.delete(deployment, name);
    if (deleted === 0)
      throw new BallastError(
        'slo_not_found',
        name === undefined
          ? `${deployment} has no service level objectives`
          : `${deployment} has no service level objective named "${name}"`,
      );
    await audit({ action: 'slo.delete', objectType: 'deployment', objectId: deployment, details: { name: name ?? null, deleted } });
    return deleted;
  });
}
