import type { FastifyInstance } from 'fastify';
import { deploymentsOverview } from '../../app/deployment-overview.ts';
import { DEFAULT_WINDOW_MS } from '../../app/monitoring/window-profiler.ts';
import { requestOutcomes } from '../request-outcomes.ts';
import { withOk } from '../schemas.ts';
import type { ServerDeps } from '../server-deps.ts';
import { deploymentOverviewView, overviewSchema } from '../views/overview-views.ts';

export function overviewRoutes(app: FastifyInstance, { ctx, host, metrics, monitoring }: ServerDeps): void {
  app.get(
    '/v1/overview',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "Every deployment at a glance: serving, request errors, latency and the latest window's drift",
        tags: ['deployments'],
        response: withOk(overviewSchema),
      },
    },
    async () => {
      // Latency is read from the log: predictions answered a moment ago count, though their records may still be on their way to the table.
      await host.logCaughtUp();
      const served = new Set(host.deploymentNames);
      const deployments = await deploymentsOverview({
        store: ctx.store,
        clock: ctx.clock,
        monitoring: {
          store: ctx.store,
          clock: ctx.clock,
          baseWindowMs: monitoring?.windowMs ?? DEFAULT_WINDOW_MS,
          liveWindows: monitoring?.liveWindows,
        },
        isServing: (name) => served.has(name),
        requestOutcomes: await requestOutcomes(metrics),
      });
      return { deployments: deployments.map(deploymentOverviewView) };
    },
  );
}
