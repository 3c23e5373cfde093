import type { FastifyInstance } from 'fastify';
import { lookupFeatures, MAX_LOOKUP_KEYS, type FeatureLookup } from '../../app/features/lookup-features.ts';
import { withOk } from '../schemas.ts';
import type { ServerDeps } from '../server-deps.ts';
import { bool, list, nullableStr, obj, str, strings } from '../views/wire-schema.ts';

const tags = ['features'];
const viewParams = { type: 'object', properties: { view: { type: 'string', minLength: 1, maxLength: 200 } }, required: ['view'] } as const;

const lookupSchema = obj({
  view: str,
  features: { ...strings, description: "the view's features, in definition order" },
  rows: list(
    obj({
      key: str,
      found: { ...bool, description: 'false when the online store holds nothing for the key' },
      event_time: { ...nullableStr, description: 'when the values became true (the source row’s event time); null when not found' },
      values: {
        type: 'object',
        additionalProperties: { type: ['number', 'string', 'boolean', 'null'] },
        description: 'feature name → value; null when missing or not found',
      },
    }),
  ),
});

const lookupView = (lookup: FeatureLookup) => ({
  view: lookup.view,
  features: lookup.features,
  rows: lookup.rows.map((r) => ({ key: r.key, found: r.found, event_time: r.eventTime, values: r.values })),
});

/** Online feature lookup: the materialised values of a view's features for entity keys (docs/features.md). */
export function featureLookupRoutes(app: FastifyInstance, { ctx }: ServerDeps): void {
  app.get<{ Params: { view: string }; Querystring: { key: string[] } }>(
    '/v1/features/:view',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "A view's online feature values for entity keys (repeat key=… for several)",
        tags,
        params: viewParams,
        querystring: {
          type: 'object',
          properties: { key: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: MAX_LOOKUP_KEYS } },
          required: ['key'],
        },
        response: withOk(lookupSchema),
      },
    },
    async (request) => lookupView(await lookupFeatures(ctx, request.params.view, request.query.key)),
  );

  app.post<{ Params: { view: string }; Body: { keys: (string | number)[] } }>(
    '/v1/features/:view/lookup',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "A view's online feature values for a batch of entity keys, in the order given",
        tags,
        params: viewParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            keys: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] }, minItems: 1, maxItems: MAX_LOOKUP_KEYS },
          },
          required: ['keys'],
        },
        response: withOk(lookupSchema),
      },
    },
    async (request) => lookupView(await lookupFeatures(ctx, request.params.view, request.body.keys)),
  );
}
