import { IssueCollector } from '../issues.ts';
import type { Cell } from '../table.ts';
import { computeOnDemandFeatures } from './compute-features.ts';
import type { DeploymentFeatures } from './deployment-features.ts';
import type { EnrichmentPlan, ViewLookup } from './enrich-rows.ts';
import type { FeatureDefinitions, FeatureRef } from './feature-definitions.ts';
import { resolveFeatureRefs } from './resolve-feature-refs.ts';

/**
 * How a deployment's enrichment reads the online store, from the feature definitions it was
 * resolved against, checked whole: every ref must name an applied view's feature or an on-demand
 * feature (`on_demand:name`) — else `feature_not_found` naming every unknown one — each view must be
 * keyed by the deployment's `entityKey`, and every feature must be an input of the model (the
 * feature fills the input of its name) — else `invalid_argument` with each problem at its path.
 */
export function enrichmentPlan(defs: FeatureDefinitions, features: DeploymentFeatures, modelInputs: readonly string[]): EnrichmentPlan {
  const refs: FeatureRef[] = features.features.map((text) => {
    const colon = text.indexOf(':');
    return { view: text.slice(0, colon), feature: text.slice(colon + 1) };
  });
  const resolved = resolveFeatureRefs(defs, refs);
  const issues = new IssueCollector();
  const inputs = new Set(modelInputs);
  const views = new Map<string, string[]>();
  const onDemand: string[] = [];
  const filled = new Map<string, string>();
  resolved.forEach((feature, i) => {
    const path = ['features', 'features', i];
    const ref = features.features[i]!;
    const name = feature.feature.name;
    if (feature.kind === 'on_demand') onDemand.push(name);
    else {
      if (feature.entity.key !== features.entityKey)
        issues.report(
          'invalid_value',
          path,
          `view "${feature.view.name}" is keyed by "${feature.entity.key}" (entity ${feature.entity.name}), not by "${features.entityKey}"`,
        );
      let list = views.get(feature.view.name);
      if (list === undefined) views.set(feature.view.name, (list = []));
      list.push(name);
    }
    const twice = filled.get(name);
    if (twice !== undefined) issues.report('duplicate', path, `${ref} and ${twice} would both fill the model input "${name}"`);
    filled.set(name, ref);
    if (!inputs.has(name))
      issues.report('invalid_value', path, `"${name}" is not an input of the model (its inputs: ${modelInputs.join(', ')})`);
  });
  issues.throwIfAny('invalid_argument', "the deployment's features do not fit its model");
  const lookups: ViewLookup[] = [...views].map(([view, names]) => ({ view, features: names }));
  const onDemandDefinitions = defs.onDemandFeatures;
  return {
    featureSetVersion: features.featureSetVersion,
    entityKey: features.entityKey,
    onMissing: features.onMissing,
    refs: features.features,
    views: lookups,
    onDemand,
    // The one implementation of on-demand features (core), over the row completed so far.
    ...(onDemand.length > 0 ? { computeOnDemand: (get) => computeOnDemandFeatures(onDemandDefinitions, (name) => asCell(get(name))) } : {}),
  };
}

/** A request field as the expression language reads it: a nested value is no scalar, so it is missing. */
function asCell(value: unknown): Cell | undefined {
  if (value === undefined || value === null) return value ?? undefined;
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' ? (value as Cell) : null;
}
