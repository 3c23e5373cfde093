import { BallastError } from '../errors.ts';
import type {
  EntityDefinition,
  FeatureDefinition,
  FeatureDefinitions,
  FeatureRef,
  FeatureViewDefinition,
  OnDemandFeatureDefinition,
  SourceDefinition,
} from './feature-definitions.ts';

/** The view name under which on-demand features are asked for: `on_demand:loan_to_income`. */
export const ON_DEMAND_VIEW = 'on_demand';

export type ResolvedFeature =
  | {
      readonly kind: 'view';
      readonly ref: FeatureRef;
      readonly view: FeatureViewDefinition;
      readonly feature: FeatureDefinition;
      readonly entity: EntityDefinition;
      readonly source: SourceDefinition;
    }
  | { readonly kind: 'on_demand'; readonly ref: FeatureRef; readonly feature: OnDemandFeatureDefinition };

/** `tx:spend_7d,tx:n_tx_7d` as refs; a malformed item is an `invalid_argument` naming it. */
export function parseFeatureRefs(text: string): FeatureRef[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new BallastError('invalid_argument', 'no features given; write them as view:feature,view:feature');
  return items.map((item) => {
    const parts = item.split(':');
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '')
      throw new BallastError('invalid_argument', `"${item}" is not view:feature (e.g. tx:spend_7d)`);
    return { view: parts[0]!, feature: parts[1]! };
  });
}

/**
 * The definitions behind each ref, in the order given. Every unknown view or feature is named in one
 * `feature_not_found`, with what does exist, so a typo is fixed in one round.
 */
export function resolveFeatureRefs(definitions: FeatureDefinitions, refs: readonly FeatureRef[]): ResolvedFeature[] {
  const problems: string[] = [];
  const resolved: ResolvedFeature[] = [];
  for (const ref of refs) {
    if (ref.view === ON_DEMAND_VIEW) {
      const feature = definitions.onDemandFeatures.find((f) => f.name === ref.feature);
      if (feature === undefined)
        problems.push(`no on-demand feature is named "${ref.feature}" (on-demand features: ${names(definitions.onDemandFeatures)})`);
      else resolved.push({ kind: 'on_demand', ref, feature });
      continue;
    }
    const view = definitions.featureViews.find((v) => v.name === ref.view);
    if (view === undefined) {
      problems.push(`no feature view is named "${ref.view}" (views: ${names(definitions.featureViews)})`);
      continue;
    }
    const feature = view.features.find((f) => f.name === ref.feature);
    if (feature === undefined) {
      problems.push(`view "${view.name}" has no feature "${ref.feature}" (features: ${names(view.features)})`);
      continue;
    }
    const entity = definitions.entities.find((e) => e.name === view.entity);
    const source = definitions.sources.find((s) => s.name === view.source);
    // Applied definitions were validated whole; a dangling name here means a corrupted stored set.
    if (entity === undefined || source === undefined)
      throw new BallastError('internal', `feature view "${view.name}" names an entity or source that is not defined`);
    resolved.push({ kind: 'view', ref, view, feature, entity, source });
  }
  if (problems.length > 0) throw new BallastError('feature_not_found', problems.join('; '));
  return resolved;
}

function names(items: readonly { name: string }[]): string {
  return items.length === 0 ? 'none' : items.map((i) => i.name).join(', ');
}
