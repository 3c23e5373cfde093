import type { FastifyInstance } from 'fastify';
import { currentFeatureSet } from '../../app/features/current-feature-set.ts';
import { featureSetWire } from '../../core/features/feature-definitions-wire.ts';
import { withOk } from '../schemas.ts';
import type { ServerDeps } from '../server-deps.ts';
import { featureSetSchema } from '../views/feature-definition-views.ts';

/** The applied feature definitions, for viewers: what the views and features are, and where they come from. */
export function featureDefinitionRoutes(app: FastifyInstance, { ctx }: ServerDeps): void {
  app.get<{ Querystring: { version?: number } }>(
    '/v1/features',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'The current feature definitions (or another applied version): entities, sources, feature views, on-demand features',
        tags: ['features'],
        querystring: {
          type: 'object',
          properties: { version: { type: 'integer', minimum: 1, description: 'an applied version; the current one when left out' } },
          additionalProperties: false,
        },
        response: withOk(featureSetSchema),
      },
    },
    async (request) => featureSetWire(await currentFeatureSet(ctx, request.query.version)),
  );
}
