import type { FastifyInstance } from 'fastify';
import { BallastError } from '../../core/errors.ts';
import { codeOf } from '../problem.ts';
import { predictSchema } from '../schemas.ts';
import type { ServerDeps } from '../server-deps.ts';

export function predictRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.post<{ Params: { name: string }; Body: { instances: unknown[]; request_id?: string } }>(
    '/v1/deployments/:name/predict',
    { config: { access: 'viewer' }, schema: predictSchema },
    async (request) => {
      const started = performance.now();
      const { name } = request.params;
      const requestId = request.body.request_id ?? headerRequestId(request.headers['x-request-id']);
      try {
        if (request.body.instances.length > deps.limits.maxInstances) {
          throw new BallastError(
            'too_many_instances',
            `${request.body.instances.length} instances; one request may carry at most ${deps.limits.maxInstances}`,
          );
        }
        const served = await deps.host.predictInstances(name, request.body.instances, requestId, started, (header) =>
          headerValue(request.headers[header.toLowerCase()]),
        );
        deps.metrics.recordPredictions(served, (performance.now() - started) / 1000);
        return {
          model: served.model,
          deployment: served.deployment,
          request_id: requestId,
          predictions: served.records.map((record, i) => ({
            prediction_id: served.ids[i]!,
            model: served.answeredBy[i]!.model,
            role: served.answeredBy[i]!.role,
            ...record,
            ...(served.flags?.[i] ? { violations: served.flags[i] } : {}),
            ...(served.members?.[i] ? { members: served.members[i] } : {}),
            ...(served.reviews?.[i] ? { review: served.reviews[i] } : {}),
            ...(served.fallbacks?.[i] ? { fallback: served.fallbacks[i] } : {}),
          })),
        };
      } catch (error) {
        deps.metrics.recordPredictionError(name, deps.host.deploymentNames.includes(name), codeOf(error));
        throw error;
      }
    },
  );
}

/** A request header's value for routing by a sticky header key (the first, if sent more than once). */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function headerRequestId(value: string | string[] | undefined): string | null {
  const id = Array.isArray(value) ? value[0] : value;
  return id !== undefined && id.length > 0 && id.length <= 200 ? id : null;
}
