import type { FeatureType } from '../../core/features/feature-definitions.ts';
import type { AppContext } from '../context.ts';
import { currentFeatureSet } from './current-feature-set.ts';
import { onlineStoreOf } from './online-store.ts';

export interface FeatureViewSummary {
  readonly name: string;
  readonly entity: string;
  /** The entity's join key column. */
  readonly key: string;
  readonly source: { readonly name: string; readonly path: string | null; readonly table: string | null };
  readonly ttlSeconds: number | null;
  readonly features: readonly { readonly name: string; readonly type: FeatureType; readonly expr: string | null }[];
  /** Keys held online; null when the online store cannot count them cheaply (Redis). */
  readonly onlineRows: number | null;
  readonly lastMaterialization: {
    readonly startTime: string | null;
    readonly endTime: string;
    readonly rows: number;
    readonly status: 'running' | 'succeeded' | 'failed';
    readonly finishedAt: string | null;
  } | null;
}

export interface FeatureViewsOverview {
  readonly version: number;
  readonly views: readonly FeatureViewSummary[];
  readonly onDemandFeatures: readonly { readonly name: string; readonly type: FeatureType; readonly expr: string }[];
}

/**
 * What the dashboard's Features page shows: the current definitions joined with the state of the
 * online store (rows held, the last materialisation), so a reader sees at once whether a view is
 * being served and how fresh it is. Throws `feature_set_not_found` before any apply.
 */
export async function featureViewsOverview(ctx: AppContext): Promise<FeatureViewsOverview> {
  const record = await currentFeatureSet(ctx);
  const { definitions } = record;
  // Redis keeps one hash per entity: counting them means scanning the keyspace, so it is not done.
  const counted = onlineStoreOf(ctx).kind === 'database';
  const views = await Promise.all(
    definitions.featureViews.map(async (view): Promise<FeatureViewSummary> => {
      const entity = definitions.entities.find((e) => e.name === view.entity);
      const source = definitions.sources.find((s) => s.name === view.source);
      const [last] = await ctx.store.materializations.list(view.name, 1);
      return {
        name: view.name,
        entity: view.entity,
        key: entity?.key ?? view.entity,
        source: { name: view.source, path: source?.path ?? null, table: source?.table ?? null },
        ttlSeconds: view.ttlSeconds,
        features: view.features.map((f) => ({ name: f.name, type: f.type, expr: f.expr ?? null })),
        onlineRows: counted ? await ctx.store.onlineFeatures.count(view.name) : null,
        lastMaterialization:
          last === undefined
            ? null
            : { startTime: last.startTime, endTime: last.endTime, rows: last.rows, status: last.status, finishedAt: last.finishedAt },
      };
    }),
  );
  return {
    version: record.version,
    views,
    onDemandFeatures: definitions.onDemandFeatures.map((f) => ({ name: f.name, type: f.type, expr: f.expr })),
  };
}
