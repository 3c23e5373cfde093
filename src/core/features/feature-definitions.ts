/**
 * The feature definitions a team applies with `ballast features apply` (format `ballast.features/v1`,
 * docs/features.md), in the shape the rest of Ballast reads them after validation. Names follow
 * Feast's: an entity has a join key, a source is a file or table with an event-time column, and a
 * feature view takes features of one entity from one source, each valid for `ttl` after its event.
 */

export type FeatureType = 'number' | 'integer' | 'string' | 'boolean';

export interface EntityDefinition {
  readonly name: string;
  /** The join key column, in sources and in entity files alike. */
  readonly key: string;
  readonly description?: string;
}

export interface SourceDefinition {
  readonly name: string;
  /** A CSV or Parquet file, absolute after apply (written relative to the definitions file). */
  readonly path?: string;
  /** Or a table of the store's database. Exactly one of `path` and `table` is set. */
  readonly table?: string;
  /** The event-time column: when each row's values became true. */
  readonly timestamp: string;
  /** When several rows share a key and event time, the one created last wins (Feast's created_timestamp). */
  readonly createdTimestamp?: string;
}

export interface FeatureDefinition {
  readonly name: string;
  readonly type: FeatureType;
  /**
   * A derived feature: an expression of the safe expression language over the source row's columns
   * (core/features/expression). Absent: the source column of the same name.
   */
  readonly expr?: string;
  readonly description?: string;
}

export interface FeatureViewDefinition {
  readonly name: string;
  readonly entity: string;
  readonly source: string;
  /** A value is valid for this long after its event time; null is forever (Feast's ttl of 0). */
  readonly ttlSeconds: number | null;
  readonly features: readonly FeatureDefinition[];
}

/** Computed from a request's fields (and the features already looked up), identically offline and online. */
export interface OnDemandFeatureDefinition {
  readonly name: string;
  readonly type: FeatureType;
  readonly expr: string;
  readonly description?: string;
}

export interface FeatureDefinitions {
  readonly format: 'ballast.features/v1';
  readonly entities: readonly EntityDefinition[];
  readonly sources: readonly SourceDefinition[];
  readonly featureViews: readonly FeatureViewDefinition[];
  readonly onDemandFeatures: readonly OnDemandFeatureDefinition[];
}

/** One applied version of the definitions; every apply that changes them makes a new version. */
export interface FeatureSetRecord {
  readonly version: number;
  readonly definitions: FeatureDefinitions;
  /** sha256 of the canonical JSON of `definitions`. */
  readonly sha256: string;
  /** The file it was applied from, for messages (sources' paths are already resolved). */
  readonly sourceFile: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

/** `view:feature`, as written on the command line and in deployments' enrichment. */
export interface FeatureRef {
  readonly view: string;
  readonly feature: string;
}

export function formatFeatureRef(ref: FeatureRef): string {
  return `${ref.view}:${ref.feature}`;
}

/** The column a feature gets in a training set with `--full-names` (and whenever two views share a name). */
export function fullFeatureName(ref: FeatureRef): string {
  return `${ref.view}__${ref.feature}`;
}
