/** The feature views as GET /v1/feature-views answers them. */
export type FeatureType = 'number' | 'integer' | 'string' | 'boolean';

export interface FeatureViewMaterialization {
  readonly start_time: string | null;
  readonly end_time: string;
  readonly rows: number;
  readonly status: 'running' | 'succeeded' | 'failed';
  readonly finished_at: string | null;
}

export interface FeatureViewSummary {
  readonly name: string;
  readonly entity: string;
  readonly key: string;
  readonly source: { readonly name: string; readonly path: string | null; readonly table: string | null };
  readonly ttl_seconds: number | null;
  readonly features: readonly { readonly name: string; readonly type: FeatureType; readonly expr: string | null }[];
  readonly online_rows: number | null;
  readonly last_materialization: FeatureViewMaterialization | null;
}

export interface FeatureViewsOverview {
  readonly version: number;
  readonly views: readonly FeatureViewSummary[];
  readonly on_demand_features: readonly { readonly name: string; readonly type: FeatureType; readonly expr: string }[];
}

/** POST /v1/features/{view}/lookup's answer. */
export interface FeatureLookup {
  readonly view: string;
  readonly features: readonly string[];
  readonly rows: readonly {
    readonly key: string;
    readonly found: boolean;
    readonly event_time: string | null;
    readonly values: Readonly<Record<string, number | string | boolean | null>>;
  }[];
}
