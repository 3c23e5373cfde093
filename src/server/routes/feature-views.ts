import type { FastifyInstance } from 'fastify';
import { featureViewsOverview, type FeatureViewsOverview } from '../../app/features/feature-views-overview.ts';
import { withOk } from '../schemas.ts';
import type { ServerDeps } from '../server-deps.ts';
import { int, list, nullableStr, obj, str } from '../views/wire-schema.ts';

const featureType = { type: 'string', enum: ['number', 'integer', 'string', 'boolean'] } as const;

const overviewSchema = obj({
  version: { ...int, description: 'the applied feature definitions version shown' },
  views: list(
    obj({
      name: str,
      entity: str,
      key: { ...str, description: "the entity's join key column" },
      source: obj({ name: str, path: nullableStr, table: nullableStr }),
      ttl_seconds: { type: ['integer', 'null'], description: 'null: values never expire' },
      features: list(obj({ name: str, type: featureType, expr: { ...nullableStr, description: 'the expression of a derived feature' } })),
      online_rows: { type: ['integer', 'null'], description: 'keys held in the online store; null when not counted (Redis)' },
      last_materialization: obj(
        {
          start_time: { ...nullableStr, description: 'exclusive; null: from the beginning' },
          end_time: str,
          rows: int,
          status: { type: 'string', enum: ['running', 'succeeded', 'failed'] },
          finished_at: nullableStr,
        },
        { nullable: true, description: 'the newest materialisation of the view; null when never materialised' },
      ),
    }),
  ),
  on_demand_features: list(obj({ name: str, type: featureType, expr: str })),
});

const overviewWire = (o: FeatureViewsOverview) => ({
  version: o.version,
  views: o.views.map((v) => ({
    name: v.name,
    entity: v.entity,
    key: v.key,
    source: v.source,
    ttl_seconds: v.ttlSeconds,
    features: v.features,
    online_rows: v.onlineRows,
    last_materialization:
      v.lastMaterialization === null
        ? null
        : {
            start_time: v.lastMaterialization.startTime,
            end_time: v.lastMaterialization.endTime,
            rows: v.lastMaterialization.rows,
            status: v.lastMaterialization.status,
            finished_at: v.lastMaterialization.finishedAt,
          },
  })),
  on_demand_features: o.onDemandFeatures,
});

/** The feature views as served: definitions with the online store's rows and the last materialisation (the dashboard's Features page). */
export function featureViewRoutes(app: FastifyInstance, { ctx }: ServerDeps): void {
  app.get(
    '/v1/feature-views',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'The current feature views with their online rows and last materialisation, and the on-demand features',
        tags: ['features'],
        response: withOk(overviewSchema),
      },
    },
    async () => overviewWire(await featureViewsOverview(ctx)),
  );
}
