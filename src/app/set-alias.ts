import { BallastError } from '../core/errors.ts';
import { assertValidName, parseModelRef } from '../core/model-ref.ts';
import type { ModelVersionRecord } from '../core/registry-records.ts';
import { auditedTransaction } from './audit.ts';
import type { AppContext } from './context.ts';
import { checkGateOverride, enforcePromotionGate, type GateOverride } from './governance/promotion-gate.ts';
import { resolveModelRef } from './resolve-model.ts';

/** The alias a promotion gate guards: pointing it at a version needs the model's policy for stage `production`. */
export const CHAMPION_ALIAS = 'champion';

/**
 * Points an alias at a version (creating or moving it) in one statement, so it is never seen half-moved.
 * `champion` is gated by the model's promotion policy (`gate_failed`, or an admin's audited override).
 */
export async function setAlias(
  ctx: AppContext,
  ref: string,
  alias: string,
  override?: GateOverride,
): Promise<{ previous: number | undefined; version: ModelVersionRecord }> {
  assertValidName(alias, 'alias');
  checkGateOverride(override);
  return auditedTransaction(ctx, async (tx, audit) => {
    const { model, version } = await resolveModelRef(tx, ref);
    const previous = await tx.aliases.find(model.id, alias);
    if (alias === CHAMPION_ALIAS && previous?.versionId !== version.id) {
      const forced = await enforcePromotionGate(tx, { version, stage: 'production', target: `${model.name}@${alias}` }, override);
      if (forced !== undefined) await audit(forced);
    }
    await tx.aliases.set({ modelId: model.id, alias, versionId: version.id, updatedBy: ctx.actor, updatedAt: ctx.clock().toISOString() });
    await audit({
      action: 'alias.set',
      objectType: 'alias',
      objectId: `${model.name}@${alias}`,
      details: { from: previous?.version ?? null, to: version.version },
    });
    return { previous: previous?.version, version };
  });
}

export async function removeAlias(ctx: AppContext, name: string, alias: string): Promise<void> {
  const ref = parseModelRef(name);
  await auditedTransaction(ctx, async (tx, audit) => {
    const model = await tx.models.findByName(ref.name);
    if (model === undefined) throw new BallastError('model_not_found', `no model named "${ref.name}"`);
    const previous = await tx.aliases.find(model.id, alias);
    if (previous === undefined || !(await tx.aliases.remove(model.id, alias)))
      throw new BallastError('alias_not_found', `model "${ref.name}" has no alias "${alias}"`);
    await audit({ action: 'alias.remove', objectType: 'alias', objectId: `${ref.name}@${alias}`, details: { from: previous.version } });
  });
}
