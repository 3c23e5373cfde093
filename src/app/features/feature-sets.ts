import { BallastError } from '../../core/errors.ts';
import type { FeatureSetRecord, FeatureViewDefinition } from '../../core/features/feature-definitions.ts';
import type { AppContext } from '../context.ts';

/** Every applied version of the feature definitions, newest first. */
export async function listFeatureSets(ctx: AppContext): Promise<FeatureSetRecord[]> {
  return ctx.store.featureSets.list();
}

/** One version of the definitions (the current one when `version` is left out). */
export async function findFeatureSet(ctx: AppContext, version?: number): Promise<FeatureSetRecord> {
  const record = version === undefined ? await ctx.store.featureSets.latest() : await ctx.store.featureSets.findByVersion(version);
  if (record !== undefined) return record;
  if (version === undefined)
    throw new BallastError('feature_set_not_found', 'no feature definitions have been applied; run `ballast features apply FILE`');
  const latest = await ctx.store.featureSets.latest();
  throw new BallastError(
    'feature_set_not_found',
    `no feature definitions have version ${version}${latest === undefined ? ' (none has been applied)' : ` (versions 1 to ${latest.version})`}`,
  );
}

/** A view of a version by name; `feature_not_found` names the views there are. */
export function findFeatureView(record: FeatureSetRecord, name: string): FeatureViewDefinition {
  const view = record.definitions.featureViews.find((v) => v.name === name);
  if (view !== undefined) return view;
  const names = record.definitions.featureViews.map((v) => v.name);
  throw new BallastError(
    'feature_not_found',
    `no feature view is named ${JSON.stringify(name)} in feature definitions version ${record.version} (views: ${names.join(', ') || 'none'})`,
  );
}
