import type { FastifyInstance } from 'fastify';
import { contractOfVersion } from '../../app/contracts.ts';
import { getDeployment } from '../../app/deployments.ts';
import { resolveModelRef } from '../../app/resolve-model.ts';
import { BallastError } from '../../core/errors.ts';
import { nameParam, withOk } from '../schemas.ts';
import type { ServerDeps } from '../server-deps.ts';
import { deploymentViolationsSchema, versionContractSchema, versionContractView, violationWindowView } from '../views/contract-views.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

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
      const { model, version } = await resolveModelRef(ctx.store, `${request.params.name}:${request.params.version}`);
      const record = await contractOfVersion(ctx.store, version.contractId);
      if (!record) throw new BallastError('contract_not_found', `${model.name}:${version.version} has no contract`);
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
        querystring: { type: 'object', properties: { from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' } }, additionalProperties: false },
        response: withOk(deploymentViolationsSchema),
      },
    },
    async (request) => {
      const deployment = await getDeployment(ctx, request.params.name);
      const to = request.query.to ? new Date(request.query.to) : new Date(ctx.clock().getTime() + 60_000);
      const from = request.query.from ? new Date(request.query.from) : new Date(to.getTime() - DAY_MS);
      if (!(from < to)) throw new BallastError('invalid_argument', '`from` must be before `to`');
      const windows = await ctx.store.contracts.violationCounts(deployment.name, from.toISOString(), to.toISOString());
      return { deployment: deployment.name, from: from.toISOString(), to: to.toISOString(), windows: windows.map(violationWindowView) };
    },
  );
}
