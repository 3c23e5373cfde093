import { BallastError } from '../core/errors.ts';
import { assertValidName, parseModelRef } from '../core/model-ref.ts';
import type { ModelVersionRecord } from '../core/registry-records.ts';
import type { AppContext } from './context.ts';
import { resolveModelRef } from './resolve-model.ts';

/** Points an alias at a version (creating or moving it) in one statement, so it is never seen half-moved. */
export async function setAlias(ctx: AppContext, ref: string, alias: string): Promise<{ previous: number | undefined; version: ModelVersionRecord }> {
  assertValidName(alias, 'alias');
  return ctx.store.transaction(async (tx) => {
    const { model, version } = await resolveModelRef(tx, ref);
    const previous = await tx.aliases.find(model.id, alias);
    await tx.aliases.set({ modelId: model.id, alias, versionId: version.id, updatedBy: ctx.actor, updatedAt: ctx.clock().toISOString() });
    return { previous: previous?.version, version };
  });
}

export async function removeAlias(ctx: AppContext, name: string, alias: string): Promise<void> {
  const ref = parseModelRef(name);
  const model = await ctx.store.models.findByName(ref.name);
  if (model === undefined) throw new BallastError('model_not_found', `no model named "${ref.name}"`);
  if (!(await ctx.store.aliases.remove(model.id, alias))) throw new BallastError('alias_not_found', `model "${ref.name}" has no alias "${alias}"`);
}
