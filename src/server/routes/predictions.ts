import type { FastifyInstance } from 'fastify';
import { describePrediction } from '../../app/lineage.ts';
import { listPredictions } from '../../app/predictions.ts';
import type { PredictionLogRecord } from '../../core/serving-records.ts';
import { errorResponses, listPredictionsSchema } from '../schemas.ts';
import type { ServerDeps } from '../server-deps.ts';

function view(p: PredictionLogRecord) {
  return { id: p.id, at: p.at, deployment: p.deploymentName, model: { name: p.modelName, version: p.modelVersion }, requestId: p.requestId, inputs: p.inputs, output: p.output, latencyMs: p.latencyMs, violations: p.violations ?? [] };
}

export function predictionRoutes(app: FastifyInstance, { ctx, host }: ServerDeps): void {
  app.get<{ Querystring: { deployment?: string; request_id?: string; before?: string; flagged?: boolean; limit: number } }>(
    '/v1/predictions',
    { config: { access: 'viewer' }, schema: listPredictionsSchema },
    async (request) => {
      const { deployment, request_id: requestId, before, flagged, limit } = request.query;
      const page = await listPredictions(ctx, { deployment, requestId, before, flagged, limit }, host);
      return { predictions: page.predictions.map(view), next: page.next };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/predictions/:id',
    {
      config: { access: 'viewer' },
      schema: { summary: 'A logged prediction with its lineage', tags: ['predictions'], params: { type: 'object', properties: { id: { type: 'string', maxLength: 26 } } }, response: errorResponses },
    },
    async (request) => {
      const { record, version, snapshot, contract } = await describePrediction(ctx, request.params.id, host);
      return {
        ...view(record),
        lineage: {
          deployment: record.deploymentName,
          model: `${record.modelName}:${record.modelVersion}`,
          artifactSha256: version?.artifactSha256 ?? null,
          format: version?.format ?? null,
          snapshotSha256: snapshot?.sha256 ?? null,
          codeRef: version?.codeRef ?? null,
          contract: contract ? { name: contract.name, sha256: contract.sha256 } : null,
        },
      };
    },
  );
}
