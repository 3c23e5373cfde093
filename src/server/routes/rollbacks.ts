import type { FastifyInstance } from 'fastify';
import { DEFAULT_ROLLBACKS_LIMIT, deploymentRollbacks } from '../../app/alerts/deployment-rollbacks.ts';
import { withOk } from '../schemas.ts';
import type { ServerDeps } from '../server-deps.ts';
import { rollbackView, rollbacksSchema } from '../views/rollback-views.ts';

export function rollbackRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.get<{ Params: { name: string }; Querystring: { limit?: number } }>(
    '/v1/deployments/:name/rollbacks',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "A deployment's automated rollback attempts, newest first: rolled back, dry runs, refused and failed, each with why",
        tags: ['deployments'],
        params: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 128 } } },
        querystring: {
          type: 'object',
          properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: DEFAULT_ROLLBACKS_LIMIT } },
          additionalProperties: false,
        },
        response: withOk(rollbacksSchema),
      },
    },
    async (request) => ({
      rollbacks: (await deploymentRollbacks(deps.ctx, request.params.name, request.query.limit)).map(rollbackView),
    }),
  );
}
