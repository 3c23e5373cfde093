import type { FastifyInstance } from 'fastify';
import { DEFAULT_WINDOW_MS } from '../../app/monitoring/window-profiler.ts';
import { deleteSlos, setSlos } from '../../app/slo/slo-settings.ts';
import { sloSources } from '../../app/slo/slo-sources.ts';
import { sloStatuses } from '../../app/slo/slo-status.ts';
import type { SloObjectiveInput } from '../../core/slo/slo-input.ts';
import { withOk } from '../schemas.ts';
import { actingAs, type ServerDeps } from '../server-deps.ts';
import { sloSetBodySchema, slosSchema } from '../views/slo-views.ts';
import { obj, int } from '../views/wire-schema.ts';

const params = { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 128 } } } as const;

export function sloRoutes(app: FastifyInstance, { ctx, monitoring, estimatePerformance }: ServerDeps): void {
  // One for the server's life: parts and behaviour windows counted once are not read again.
  const sources = sloSources(ctx.store, {
    clock: ctx.clock,
    baseWindowMs: monitoring?.windowMs ?? DEFAULT_WINDOW_MS,
    estimate: estimatePerformance,
    keep: true,
  });
  app.get(
    '/v1/slos',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Every deployment’s service level objectives with budgets and burn rates',
        tags: ['slos'],
        response: withOk(slosSchema),
      },
    },
    async () => ({ slos: await sloStatuses(sources, undefined, ctx.clock()) }),
  );
  app.get<{ Params: { name: string } }>(
    '/v1/deployments/:name/slo',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "A deployment's service level objectives with budgets and burn rates",
        tags: ['slos'],
        params,
        response: withOk(slosSchema),
      },
    },
    async (request) => ({ slos: await sloStatuses(sources, request.params.name, ctx.clock()) }),
  );
  app.put<{ Params: { name: string }; Body: { objectives: SloObjectiveInput[] } }>(
    '/v1/deployments/:name/slo',
    {
      config: { access: 'operator' },
      schema: {
        summary: "Replaces a deployment's service level objectives with these (validated whole; audited)",
        tags: ['slos'],
        params,
        body: sloSetBodySchema,
        response: withOk(slosSchema),
      },
    },
    async (request) => {
      const saved = await setSlos(actingAs(ctx, request), request.params.name, request.body.objectives, { replace: true });
      // An empty set deletes them all: nothing left to show.
      return { slos: saved.length === 0 ? [] : await sloStatuses(sources, request.params.name, ctx.clock()) };
    },
  );
  app.delete<{ Params: { name: string }; Querystring: { objective?: string } }>(
    '/v1/deployments/:name/slo',
    {
      config: { access: 'operator' },
      schema: {
        summary: "Deletes a deployment's service level objectives, or the one named by ?objective= (audited)",
        tags: ['slos'],
        params,
        querystring: { type: 'object', properties: { objective: { type: 'string', maxLength: 64 } }, additionalProperties: false },
        response: withOk(obj({ deleted: int })),
      },
    },
    async (request) => ({ deleted: await deleteSlos(actingAs(ctx, request), request.params.name, request.query.objective) }),
  );
}
