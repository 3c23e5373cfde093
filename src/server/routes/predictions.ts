import type { FastifyInstance } from 'fastify';
import { describePrediction } from '../../app/lineage.ts';
import { listPredictions } from '../../app/predictions.ts';
import { presentPredictions } from '../../app/privacy/sensitive-reads.ts';
import { listPredictionsSchema, withOk } from '../schemas.ts';
import { sensitiveAccess } from '../sensitive-access.ts';
import type { ServerDeps } from '../server-deps.ts';
import { describedPredictionView, predictionDetailSchema, predictionView } from '../views/prediction-views.ts';

export function predictionRoutes(app: FastifyInstance, { ctx, host }: ServerDeps): void {
  app.get<{ Querystring: { deployment?: string; request_id?: string; before?: string; flagged?: boolean; limit: number } }>(
    '/v1/predictions',
    { config: { access: 'viewer' }, schema: listPredictionsSchema },
    async (request) => {
      const { deployment, request_id: requestId, before, flagged, limit } = request.query;
      const page = await listPredictions(ctx, { deployment, requestId, before, flagged, limit }, host);
      const shown = await presentPredictions(...sensitiveAccess(ctx, request, 'GET /v1/predictions'), page.predictions);
      return { predictions: shown.map(predictionView), next: page.next };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/predictions/:id',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'A logged prediction with its lineage',
        tags: ['predictions'],
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 26 } } },
        response: withOk(predictionDetailSchema),
      },
    },
    async (request) => {
      const described = await describePrediction(ctx, request.params.id, host);
      const [shown] = await presentPredictions(...sensitiveAccess(ctx, request, 'GET /v1/predictions/{id}'), [described.record]);
      return describedPredictionView(shown!, described);
    },
  );
}
