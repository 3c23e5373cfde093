import type { FastifyInstance } from 'fastify';
import { contractOfModelRef } from '../../app/contracts.ts';
import { deploymentViolations } from '../../app/deployments.ts';
import { nameParam, withOk } from '../schemas.ts';
import type { ServerDeps } from '../server-deps.ts';
import { deploymentViolationsSchema, versionContractSchema, versionContractView, violationWindowView } from '../views/contract-views.ts';

export function contractRoutes(app: FastifyInstance, { ctx }: ServerDeps): void {
  app.get<{ Params: { name: string; version: string } }>(
    '/v1/models/:name/versions/:version/contract',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "A version's data contract, with how its training data fared at registration",
        tags: ['contracts'],
        params: { type: 'object', properties: { name: { type: 'string' }, version: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' } } },
        response: withOk(versionContractSchema),
      },
    },
    async (request) => {
      const { version, contract: record } = await contractOfModelRef(ctx, `${request.params.name}:${request.params.version}`);
      return versionContractView(record, version.contractReport ?? null);
    },
  );

  app.get<{ Params: { name: string }; Querystring: { from?: string; to?: string } }>(
    '/v1/deployments/:name/violations',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Contract violations per minute, column, code and policy',
        tags: ['contracts'],
        params: nameParam,
        querystring: {
          type: 'object',
          properties: { from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' } },
          additionalProperties: false,
        },
        response: withOk(deploymentViolationsSchema),
      },
    },
    async (request) => {
      const answer = await deploymentViolations(ctx, request.params.name, request.query);
      return { ...answer, windows: answer.windows.map(violationWindowView) };
    },
  );
}
