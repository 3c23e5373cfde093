import type { FastifyInstance } from 'fastify';
import { deploy, deploymentHistory } from '../../app/deployments.ts';
import type { DeploymentRecord } from '../../core/serving-records.ts';
import { deploySchema, errorResponses, nameParam } from '../schemas.ts';
import { actingAs, type ServerDeps } from '../server-deps.ts';

function deploymentView(d: DeploymentRecord) {
  return { name: d.name, model: { name: d.modelName, version: d.modelVersion }, config: d.config, revision: d.revision, createdAt: d.createdAt, updatedAt: d.updatedAt, updatedBy: d.updatedBy };
}

export function deploymentRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.get('/v1/deployments', { config: { access: 'viewer' }, schema: { summary: 'Deployments and the version each serves', tags: ['deployments'], response: errorResponses } }, async () => ({
    deployments: (await deps.ctx.store.deployments.list()).map(deploymentView),
  }));

  app.get<{ Params: { name: string } }>(
    '/v1/deployments/:name',
    { config: { access: 'viewer' }, schema: { summary: 'A deployment with its revision history', tags: ['deployments'], params: nameParam, response: errorResponses } },
    async (request) => {
      const { deployment, history } = await deploymentHistory(deps.ctx, request.params.name);
      return {
        ...deploymentView(deployment),
        history: history.map((h) => ({ revision: h.revision, model: { name: h.modelName, version: h.modelVersion }, config: h.config, at: h.at, actor: h.actor })),
      };
    },
  );

  app.post<{ Body: { name: string; model: string; config?: Record<string, unknown> } }>(
    '/v1/deployments',
    { config: { access: 'operator' }, schema: deploySchema },
    async (request, reply) => {
      const result = await deploy(actingAs(deps.ctx, request), request.body, deps.host);
      return reply.status(result.previous === undefined ? 201 : 200).send({ ...deploymentView(result.deployment), changed: result.changed });
    },
  );
}
