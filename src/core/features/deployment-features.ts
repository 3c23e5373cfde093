import type { IssueCollector, IssuePath } from '../issues.ts';

/** What a deployment does with a request whose entity has no values in the online store. */
export type OnMissingEntity = 'missing' | 'reject';
const ON_MISSING_ENTITY: readonly OnMissingEntity[] = ['missing', 'reject'];

/**
 * A deployment's enrichment (`ballast deploy … --features customer_id=tx:spend_7d,tx:n_tx_7d`): a
 * request row carrying `entityKey` is completed with these features from the online store before
 * its contract check and scoring. Each feature fills the model input of the feature's name.
 */
export interface DeploymentFeatures {
  /** The request field holding the entity's key; the views' entity key must be named so. */
  readonly entityKey: string;
  /** `view:feature` refs (`on_demand:name` for an on-demand feature), in the order given. */
  readonly features: readonly string[];
  readonly onMissing: OnMissingEntity;
  /**
   * The applied feature-definitions version the refs were resolved against when deployed: serving
   * reads that version, so a later `features apply` changes no deployment behind its back.
   */
  readonly featureSetVersion: number;
}

/** At most this many features per deployment: one request's lookup stays one small read. */
const MAX_DEPLOYMENT_FEATURES = 200;

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const REF = /^[A-Za-z_][A-Za-z0-9_.-]*:[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * `customer_id=tx:spend_7d,tx:n_tx_7d` (the CLI's `--features`) as `{entityKey, features}`;
 * undefined when it does not read so. The refs are checked later with the rest of the config.
 */
export function parseFeaturesSpec(spec: string): { entityKey: string; features: string[] } | undefined {
  const eq = spec.indexOf('=');
  if (eq <= 0) return undefined;
  const entityKey = spec.slice(0, eq).trim();
  const features = spec
    .slice(eq + 1)
    .split(',')
    .map((part) => part.trim());
  if (entityKey === '' || features.length === 0 || features.some((f) => f === '')) return undefined;
  return { entityKey, features };
}

/**
 * The `features` field of a deployment config (null removes enrichment), each problem reported at
 * its path. Whether the refs name applied features and model inputs is the deploy's to check
 * (app/features/deployment-enrichment.ts): that needs the store.
 */
export function parseDeploymentFeatures(raw: unknown, path: IssuePath, issues: IssueCollector): DeploymentFeatures | null {
  if (raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    issues.report('invalid_type', path, 'must be an object {entityKey, features, onMissing} or null');
    return null;
  }
  const fields = raw as Record<string, unknown>;
  let ok = true;
  for (const key of Object.keys(fields))
    if (!['entityKey', 'features', 'onMissing', 'featureSetVersion'].includes(key)) {
      issues.report('unrecognized_key', [...path, key], "is not a field of a deployment's features");
      ok = false;
    }
  const { entityKey, features, onMissing = 'missing', featureSetVersion = 0 } = fields;
  if (typeof entityKey !== 'string' || !NAME.test(entityKey)) {
    issues.report(
      typeof entityKey === 'string' ? 'invalid_format' : 'missing',
      [...path, 'entityKey'],
      'must name the request field holding the entity key',
    );
    ok = false;
  }
  if (!Array.isArray(features) || features.length === 0) {
    issues.report(
      Array.isArray(features) ? 'too_small' : 'missing',
      [...path, 'features'],
      'must list at least one feature as view:feature',
    );
    ok = false;
  } else if (features.length > MAX_DEPLOYMENT_FEATURES) {
    issues.report('too_big', [...path, 'features'], `at most ${MAX_DEPLOYMENT_FEATURES} features per deployment`);
    ok = false;
  } else {
    const seen = new Set<string>();
    features.forEach((ref: unknown, i) => {
      if (typeof ref !== 'string' || !REF.test(ref)) {
        issues.report('invalid_format', [...path, 'features', i], 'must read view:feature (on_demand:name for an on-demand feature)');
        ok = false;
      } else if (seen.has(ref)) {
        issues.report('duplicate', [...path, 'features', i], `${ref} is listed twice`);
        ok = false;
      } else seen.add(ref);
    });
  }
  if (typeof onMissing !== 'string' || !(ON_MISSING_ENTITY as readonly string[]).includes(onMissing)) {
    issues.report('invalid_value', [...path, 'onMissing'], `must be one of ${ON_MISSING_ENTITY.join(', ')}`);
    ok = false;
  }
  if (typeof featureSetVersion !== 'number' || !Number.isInteger(featureSetVersion) || featureSetVersion < 0) {
    issues.report('invalid_value', [...path, 'featureSetVersion'], 'must be a whole number');
    ok = false;
  }
  if (!ok) return null;
  return {
    entityKey: entityKey as string,
    features: [...(features as string[])],
    onMissing: onMissing as OnMissingEntity,
    featureSetVersion: featureSetVersion as number,
  };
}

/** Whether two deployments enrich alike (a deploy changing nothing else is then no change). */
export function sameDeploymentFeatures(a: DeploymentFeatures | undefined, b: DeploymentFeatures | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.entityKey === b.entityKey &&
    a.onMissing === b.onMissing &&
    a.featureSetVersion === b.featureSetVersion &&
    a.features.length === b.features.length &&
    a.features.every((ref, i) => ref === b.features[i])
  );
}
