import type { FeatureDefinitions, FeatureSetRecord } from './feature-definitions.ts';

/**
 * Definitions in their `ballast.features/v1` form (snake_case, docs/features.md): what
 * `GET /v1/features` and `ballast features show --json` answer. It is a document `features apply`
 * reads back to the same definitions: a ttl as seconds (0 for no limit), sources' paths as stored
 * (absolute).
 */
export function featureDefinitionsDocument(definitions: FeatureDefinitions) {
  return {
    format: definitions.format,
    entities: definitions.entities.map((e) => ({
      name: e.name,
      key: e.key,
      ...(e.description !== undefined ? { description: e.description } : {}),
    })),
    sources: definitions.sources.map((s) => ({
      name: s.name,
      ...(s.path !== undefined ? { path: s.path } : { table: s.table! }),
      timestamp: s.timestamp,
      ...(s.createdTimestamp !== undefined ? { created_timestamp: s.createdTimestamp } : {}),
    })),
    feature_views: definitions.featureViews.map((v) => ({
      name: v.name,
      entity: v.entity,
      source: v.source,
      ttl: v.ttlSeconds ?? 0,
      features: v.features.map((f) => ({
        name: f.name,
        type: f.type,
        ...(f.expr !== undefined ? { expr: f.expr } : {}),
        ...(f.description !== undefined ? { description: f.description } : {}),
      })),
    })),
    on_demand_features: definitions.onDemandFeatures.map((f) => ({
      name: f.name,
      type: f.type,
      expr: f.expr,
      ...(f.description !== undefined ? { description: f.description } : {}),
    })),
  };
}

/** One applied version with its definitions. */
export function featureSetWire(record: FeatureSetRecord) {
  return { ...featureSetSummaryWire(record), definitions: featureDefinitionsDocument(record.definitions) };
}

/** A version as `features list` shows it: what it holds, by name. */
export function featureSetSummaryWire(record: FeatureSetRecord) {
  return {
    version: record.version,
    sha256: record.sha256,
    source_file: record.sourceFile,
    created_by: record.createdBy,
    created_at: record.createdAt,
    feature_views: record.definitions.featureViews.map((v) => v.name),
    features: record.definitions.featureViews.reduce((n, v) => n + v.features.length, 0),
    on_demand_features: record.definitions.onDemandFeatures.length,
  };
}
