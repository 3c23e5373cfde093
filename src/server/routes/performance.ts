import type { FastifyInstance } from 'fastify';
import { DEFAULT_WINDOW_MS } from '../../app/monitoring/window-profiler.ts';
import { deploymentPerformance } from '../../app/performance/deployment-performance.ts';
import { withOk } from '../schemas.ts';
import type { ServerDeps } from '../server-deps.ts';
import { deploymentPerformanceSchema } from '../views/performance-views.ts';

const performanceSchema = {
  summary: 'Realised (and estimated) performance of a deployment per window and model version, with calibration and the worst slices',
  tags: ['monitoring'],
  params: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 128 } } },
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      from: { type: 'string', maxLength: 40, description: 'ISO 8601 start (default: an hour before `to`)' },
      to: { type: 'string', maxLength: 40, description: 'ISO 8601 end (default: now)' },
      window: { type: 'string', maxLength: 16, description: "window length, a multiple of the server's base window: 1m, 5m, 1h, 1d" },
    },
  },
  response: withOk(deploymentPerformanceSchema),
} as const;

export function performanceRoutes(app: FastifyInstance, { ctx, monitoring, estimatePerformance }: ServerDeps): void {
  app.get<{ Params: { name: string }; Querystring: { from?: string; to?: string; window?: string } }>(
    '/v1/deployments/:name/performance',
    { config: { access: 'viewer' }, schema: performanceSchema },
    async (request) =>
      deploymentPerformance(
        {
          store: ctx.store,
          clock: ctx.clock,
          baseWindowMs: monitoring?.windowMs ?? DEFAULT_WINDOW_MS,
          estimate: estimatePerformance,
          liveWindows: monitoring?.liveWindows,
        },
        request.params.name,
        request.query,
      ),
  );
}
