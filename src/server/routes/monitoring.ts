import type { FastifyInstance } from 'fastify';
import { deploymentMonitoring } from '../../app/monitoring/deployment-monitoring.ts';
import { DEFAULT_WINDOW_MS } from '../../app/monitoring/window-profiler.ts';
import { withOk } from '../schemas.ts';
import type { ServerDeps } from '../server-deps.ts';
import { deploymentMonitoringSchema } from '../views/monitoring-views.ts';

const monitoringSchema = {
  summary: 'Drift against the reference and data quality of a deployment, per window',
  tags: ['monitoring'],
  params: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 128 } } },
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      from: { type: 'string', maxLength: 40, description: 'ISO 8601 start (default: an hour before `to`)' },
      to: { type: 'string', maxLength: 40, description: 'ISO 8601 end (default: now)' },
      window: { type: 'string', maxLength: 16, description: "window length, a multiple of the server's base window: 1m, 5m, 1h, 1d" },
      performance: {
        type: 'boolean',
        description:
          "also each window's realised (and estimated) performance, as GET …/performance answers it; reads the prediction log of the range, so slower",
      },
    },
  },
  response: withOk(deploymentMonitoringSchema),
} as const;

export function monitoringRoutes(app: FastifyInstance, { ctx, monitoring, estimatePerformance }: ServerDeps): void {
  app.get<{ Params: { name: string }; Querystring: { from?: string; to?: string; window?: string; performance?: boolean } }>(
    '/v1/deployments/:name/monitoring',
    { config: { access: 'viewer' }, schema: monitoringSchema },
    async (request) =>
      deploymentMonitoring(
        {
          store: ctx.store,
          clock: ctx.clock,
          baseWindowMs: monitoring?.windowMs ?? DEFAULT_WINDOW_MS,
          liveWindows: monitoring?.liveWindows,
          estimate: estimatePerformance,
        },
        request.params.name,
        request.query,
      ),
  );
}
