import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../server-deps.ts';

/** `publicMetrics`: /metrics needs no token (a scrape inside a trusted network); otherwise a metrics token or better. */
export function healthRoutes(app: FastifyInstance, deps: ServerDeps, options: { readonly publicMetrics?: boolean } = {}): void {
  app.get(
    '/healthz',
    { config: { access: 'public' }, schema: { summary: 'Liveness: the process answers', tags: ['health'] } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: { summary: 'Readiness: deployments loaded, the store reachable and the prediction log committing', tags: ['health'] },
    },
    async (_request, reply) => {
      const storeOk = await sql`select 1`.execute(deps.ctx.store.db).then(
        () => true,
        () => false,
      );
      // A server whose log cannot commit answers predictions it cannot keep (or, on SQLite, piles
      // them up in the journal until appends are refused): out of rotation until it can.
      const logProblem = await deps.logProblem?.().catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
      const ready = deps.isReady() && storeOk && logProblem === undefined;
      return reply.status(ready ? 200 : 503).send({
        status: ready ? 'ready' : 'not_ready',
        store: storeOk,
        log: logProblem === undefined,
        ...(logProblem === undefined ? {} : { log_problem: logProblem }),
        deployments: deps.host.deploymentNames,
      });
    },
  );

  app.get(
    '/metrics',
    { config: { access: options.publicMetrics ? 'public' : 'metrics' }, schema: { summary: 'Prometheus metrics', tags: ['health'] } },
    async (_request, reply) => {
      return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
    },
  );
}
