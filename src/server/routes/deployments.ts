import type { FastifyInstance } from 'fastify';
import { deploy, deploymentHistory } from '../../app/deployments.ts';
import { deploySchema, nameParam, withOk } from '../schemas.ts';
import { actingAs, type ServerDeps } from '../server-deps.ts';
import {
  deploymentConfigInput,
  deploymentDetailSchema,
  deploymentSchema,
  deploymentView,
  revisionView,
  type DeploymentConfigWire,
} from '../views/deployment-views.ts';
import { requestOverride } from '../views/governance-views.ts';
import { list, obj } from '../views/wire-schema.ts';

export function deploymentRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.get(
    '/v1/deployments',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Deployments and the version each serves',
        tags: ['deployments'],
        response: withOk(obj({ deployments: list(deploymentSchema) })),
      },
    },
    async () => ({ deployments: (await deps.ctx.store.deployments.list()).map(deploymentView) }),
  );

  app.get<{ Params: { name: string } }>(
    '/v1/deployments/:name',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'A deployment with its revision history',
        tags: ['deployments'],
        params: nameParam,
        response: withOk(deploymentDetailSchema),
      },
    },
    async (request) => {
      const { deployment, history } = await deploymentHistory(deps.ctx, request.params.name);
      return { ...deploymentView(deployment), history: history.map(revisionView) };
    },
  );

  app.post<{ Body: { name: string; model: string; config?: DeploymentConfigWire; force?: boolean; reason?: string } }>(
    '/v1/deployments',
    { config: { access: 'operator' }, schema: deploySchema },
    async (request, reply) => {
      const { name, model, config } = request.body;
      // Loads the new version before answering, so the next predict is served by it.
      const result = await deploy(
        actingAs(deps.ctx, request),
        { name, model, config: deploymentConfigInput(config), override: requestOverride(request, request.body) },
        deps.host,
      );
      return reply
        .status(result.previous === undefined ? 201 : 200)
        .send({ ...deploymentView(result.deployment), changed: result.changed });
    },
  );
}
