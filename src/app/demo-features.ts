import path from 'node:path';
import type { AppContext } from './context.ts';
import { applyFeatureDefinitions, readFeatureDefinitionsFile } from './features/apply-features.ts';

/**
 * The demo's feature store, when no feature definitions are applied yet: examples/credit/features.yaml
 * (the credit bureau's snapshots per applicant, read point in time). Runs again do nothing, so
 * definitions a user applied stay current. Training sets, materialisation and enrichment of the
 * demo build on this version.
 */
export async function prepareDemoFeatures(ctx: AppContext, examplesDir: string, log: (line: string) => void): Promise<void> {
  if ((await ctx.store.featureSets.latest()) !== undefined) return;
  const file = await readFeatureDefinitionsFile(path.join(examplesDir, 'credit', 'features.yaml'));
  const { record } = await applyFeatureDefinitions(ctx, file);
  const views = record.definitions.featureViews.map((v) => `${v.name} (${v.features.map((f) => f.name).join(', ')})`);
  log(`applied the feature definitions of examples/credit/features.yaml as version ${record.version}: ${views.join('; ')}`);
}
