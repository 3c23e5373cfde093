import { BallastError } from '../../core/errors.ts';
import type { FeatureSetRecord } from '../../core/features/feature-definitions.ts';
import type { AppContext } from '../context.ts';

/** The applied feature definitions (the newest version, or the one asked for). */
export async function currentFeatureSet(ctx: AppContext, version?: number): Promise<FeatureSetRecord> {
  const found = version === undefined ? await ctx.store.featureSets.latest() : await ctx.store.featureSets.findByVersion(version);
  if (found === undefined)
    throw new BallastError(
      'feature_set_not_found',
      version === undefined
        ? 'no feature definitions have been applied; apply them with `ballast features apply FILE`'
        : `no feature definitions have version ${version}; "ballast features list" shows the versions`,
    );
  return found;
}
