import type { FastifyInstance } from 'fastify';
import { contractOfModelRef } from '../../app/contracts.ts';
import { deploymentViolations } from '../../app/deployments.ts';
import { errorResponses, nameParam } from '../schemas.ts';
import type { ServerDeps } from '../server-deps.ts';

export function contractRoutes(app: FastifyInstance, { ctx }: ServerDeps): void {
  app.get<{ Params: { name: string; version: string } }>(
    '/v1/models/:name/versions/:version/contract',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "A version's data contract, with how its training data fared at registration",
        tags: ['contracts'],
        params: { type: 'object', properties: { name: { type: 'string' }, version: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' } } },
        response: errorResponses,
      },
    },
    async (request) => {
      const { version, contract: record } = await contractOfModelRef(ctx, `${request.params.name}:${request.params.version}`);
      return { name: record.name, sha256: record.sha256, createdAt: record.createdAt, createdBy: record.createdBy, contract: record.contract, trainingReport: version.contractReport ?? null };
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
        querystring: { type: 'object', properties: { from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' } }, additionalProperties: false },
        response: errorResponses,
      },
    },
    async (request) => deploymentViolations(ctx, request.params.name, request.query),
  );
}
