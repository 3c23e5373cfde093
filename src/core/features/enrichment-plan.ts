import { BallastError } from '../errors.ts';
import { IssueCollector } from '../issues.ts';
import type { DeploymentFeatures } from './deployment-features.ts';
import type { EnrichmentPlan, ViewLookup } from './enrich-rows.ts';
import type { FeatureDefinitions } from './feature-definitions.ts';

/**
 * How a deployment's enrichment reads the online store, from the feature definitions it was
 * resolved against, checked whole: every ref must name an applied view's feature (or an on-demand
 * feature) — else `feature_not_found` naming what is unknown — whose view's entity key is the
 * deployment's `entityKey`, and every feature must be an input of the model (the feature fills the
 * input of its name) — else `invalid_argument` with each problem at its path.
 */
export function enrichmentPlan(
  defs: FeatureDefinitions,
  features: DeploymentFeatures,
  modelInputs: readonly string[],
): Omit<EnrichmentPlan, 'computeOnDemand'> {
  const unknown: string[] = [];
  const issues = new IssueCollector();
  const inputs = new Set(modelInputs);
  const views = new Map<string, string[]>();
  const onDemand: string[] = [];
  const filled = new Map<string, string>();
  features.features.forEach((ref, i) => {
    const path = ['features', 'features', i];
    const colon = ref.indexOf(':');
    let name: string;
    if (colon < 0) {
      if (!defs.onDemandFeatures.some((f) => f.name === ref)) {
        unknown.push(`on-demand feature "${ref}"`);
        return;
      }
      name = ref;
      onDemand.push(ref);
    } else {
      const viewName = ref.slice(0, colon);
      name = ref.slice(colon + 1);
      const view = defs.featureViews.find((v) => v.name === viewName);
      if (view === undefined) {
        unknown.push(`feature view "${viewName}"`);
        return;
      }
      if (!view.features.some((f) => f.name === name)) {
        unknown.push(`feature "${ref}"`);
        return;
      }
      const entity = defs.entities.find((e) => e.name === view.entity);
      if (entity !== undefined && entity.key !== features.entityKey)
        issues.report(
          'invalid_value',
          path,
          `view "${viewName}" is keyed by "${entity.key}" (entity ${entity.name}), not by "${features.entityKey}"`,
        );
      let list = views.get(viewName);
      if (list === undefined) views.set(viewName, (list = []));
      list.push(name);
    }
    const twice = filled.get(name);
    if (twice !== undefined) issues.report('duplicate', path, `${ref} and ${twice} would both fill the model input "${name}"`);
    filled.set(name, ref);
    if (!inputs.has(name))
      issues.report('invalid_value', path, `"${name}" is not an input of the model (its inputs: ${modelInputs.join(', ')})`);
  });
  if (unknown.length > 0)
    throw new BallastError(
      'feature_not_found',
      `feature definitions version ${features.featureSetVersion} have no ${unknown.join(', ')}; see ballast features list`,
    );
  issues.throwIfAny('invalid_argument', "the deployment's features do not fit its model");
  const lookups: ViewLookup[] = [...views].map(([view, names]) => ({ view, features: names }));
  return {
    featureSetVersion: features.featureSetVersion,
    entityKey: features.entityKey,
    onMissing: features.onMissing,
    refs: features.features,
    views: lookups,
    onDemand,
  };
}
