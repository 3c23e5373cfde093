import type { FastifyInstance } from 'fastify';
import { startShadow, stopShadow } from '../../app/shadow/shadow-control.ts';
import { shadowReport } from '../../app/shadow/shadow-report.ts';
import { withOk } from '../schemas.ts';
import { actingAs, type ServerDeps } from '../server-deps.ts';
import { shadowReportSchema, shadowStartBodySchema, shadowStartedView, shadowStateSchema } from '../views/shadow-views.ts';

const params = { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 128 } } } as const;

export function shadowRoutes(app: FastifyInstance, { ctx, host }: ServerDeps): void {
  app.post<{ Params: { name: string }; Body: { model: string; sample?: number } }>(
    '/v1/deployments/:name/shadow',
    {
      config: { access: 'operator' },
      schema: {
        summary:
          "Starts (or replaces) a deployment's shadow: the version loads and answers a smoke request from its training snapshot, then one audited change",
        tags: ['shadow'],
        params,
        body: shadowStartBodySchema,
        response: withOk(shadowStateSchema, 201),
      },
    },
    async (request, reply) => {
      const started = await startShadow(
        actingAs(ctx, request),
        { deployment: request.params.name, model: request.body.model, sample: request.body.sample },
        { preparer: host, loader: host },
      );
      return reply.code(201).send(shadowStartedView(started));
    },
  );
  app.delete<{ Params: { name: string } }>(
    '/v1/deployments/:name/shadow',
    {
      config: { access: 'operator' },
      schema: { summary: "Stops a deployment's shadow (audited)", tags: ['shadow'], params, response: withOk(shadowStateSchema) },
    },
    async (request) => {
      const deployment = await stopShadow(actingAs(ctx, request), request.params.name, host);
      return { deployment: deployment.name, shadow: null };
    },
  );
  app.get<{ Params: { name: string }; Querystring: { from?: string; to?: string; tolerance?: number } }>(
    '/v1/deployments/:name/shadow/report',
    {
      config: { access: 'viewer' },
      schema: {
        summary:
          'How the shadow compares with the primary on the requests it mirrored: agreement, label flips, score differences, slices, latency, realised performance',
        tags: ['shadow'],
        params,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            tolerance: { type: 'number', exclusiveMinimum: 0 },
          },
        },
        response: withOk(shadowReportSchema),
      },
    },
    async (request) => {
      const { from, to, tolerance } = request.query;
      return shadowReport(ctx, request.params.name, {
        ...(from ? { from: new Date(from).toISOString() } : {}),
        ...(to ? { to: new Date(to).toISOString() } : {}),
        ...(tolerance !== undefined ? { tolerance } : {}),
      });
    },
  );
}
