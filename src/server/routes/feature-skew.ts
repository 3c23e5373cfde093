import type { FastifyInstance } from 'fastify';
import { featureSkewReport, MAX_SKEW_LIMIT } from '../../app/features/skew-report.ts';
import { withOk } from '../schemas.ts';
import type { ServerDeps } from '../server-deps.ts';
import { bool, int, list, num, obj, str } from '../views/wire-schema.ts';

const value = {
  type: ['string', 'number', 'boolean', 'null'],
  description: "the feature's value; null when missing, *** when sensitive",
} as const;
const nullableNumber = { type: ['number', 'null'] } as const;

const featureSkewSchema = obj({
  deployment: str,
  feature_set_version: { ...int, description: 'the feature definitions the offline values were computed with (the current ones)' },
  entity_key: str,
  since: str,
  until: str,
  tolerance: num,
  limit: int,
  predictions: { ...int, description: 'predictions read: the newest `limit` logged since `since`' },
  truncated: { ...bool, description: 'whether older predictions since `since` were left out by the limit' },
  unkeyed: { ...int, description: 'predictions whose logged inputs have no entity key (not compared)' },
  features: list(
    obj({
      feature: { ...str, description: 'view:feature' },
      view: str,
      name: str,
      type: str,
      checked: { ...int, description: 'predictions compared on this feature' },
      compared: { ...int, description: 'of those, present on both sides' },
      matches: int,
      mismatches: { ...int, description: 'different values, or a value missing on one side only' },
      mismatch_rate: { ...nullableNumber, description: 'mismatches / checked; null when nothing was checked' },
      missing_offline: { ...int, description: 'served a value while the offline computation has none' },
      missing_online: { ...int, description: 'served missing while the offline computation has a value' },
      both_missing: int,
      largest_differences: {
        ...list(
          obj({
            prediction_id: str,
            at: str,
            entity_key: str,
            served: value,
            offline: value,
            difference: { ...nullableNumber, description: 'served − offline for numbers' },
          }),
        ),
        description: 'the mismatches with the largest |difference| first',
      },
    }),
  ),
});

/** Train/serve skew of a deployment that enriches its requests (docs/features.md), for viewers. */
export function featureSkewRoutes(app: FastifyInstance, { ctx }: ServerDeps): void {
  app.get<{ Params: { name: string }; Querystring: { since?: string; limit?: number; tolerance?: number } }>(
    '/v1/deployments/:name/feature-skew',
    {
      config: { access: 'viewer' },
      schema: {
        summary:
          "Train/serve skew: the enriched features of the deployment's newest logged predictions recomputed offline, point in time, against the values served",
        tags: ['features'],
        params: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 128 } } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            since: {
              type: 'string',
              maxLength: 40,
              description: 'ISO 8601 time, or a duration before now such as 24h or 7d (default 24h)',
            },
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: MAX_SKEW_LIMIT,
              description: 'the newest this many predictions (default 10000)',
            },
            tolerance: {
              type: 'number',
              minimum: 0,
              description: 'numbers match when |served − offline| ≤ tolerance × max(1, |offline|) (default 1e-6)',
            },
          },
        },
        response: withOk(featureSkewSchema),
      },
    },
    async (request) => featureSkewReport(ctx, request.params.name, request.query),
  );
}
