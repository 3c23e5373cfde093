import type { FastifyInstance } from 'fastify';
import { BallastError } from '../../core/errors.ts';
import { listPredictionsSchema, withOk } from '../schemas.ts';
import type { ServerDeps } from '../server-deps.ts';
import { predictionDetailSchema, predictionDetailView, predictionView } from '../views/prediction-views.ts';

export function predictionRoutes(app: FastifyInstance, { ctx, host }: ServerDeps): void {
  app.get<{ Querystring: { deployment?: string; request_id?: string; before?: string; flagged?: boolean; limit: number } }>(
    '/v1/predictions',
    { config: { access: 'viewer' }, schema: listPredictionsSchema },
    async (request) => {
      const { deployment, request_id: requestId, before, flagged, limit } = request.query;
      // A prediction answered a moment ago is listed, though its record may still be on its way to the table.
      await host.logCaughtUp();
      const rows = await ctx.store.predictions.list({ deployment, requestId, before, flagged, limit: limit + 1 });
      return { predictions: rows.slice(0, limit).map(predictionView), next: rows.length > limit ? rows[limit - 1]!.id : null };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/predictions/:id',
    {
      config: { access: 'viewer' },
      schema: { summary: 'A logged prediction with its lineage', tags: ['predictions'], params: { type: 'object', properties: { id: { type: 'string', maxLength: 26 } } }, response: withOk(predictionDetailSchema) },
    },
    async (request) => {
      await host.logCaughtUp();
      const record = await ctx.store.predictions.findById(request.params.id);
      if (record === undefined) throw new BallastError('prediction_not_found', `no logged prediction has id "${request.params.id}"`);
      const version = await ctx.store.versions.findById(record.versionId);
      const snapshot = version?.snapshotId ? await ctx.store.snapshots.findById(version.snapshotId) : undefined;
      const contract = version?.contractId ? await ctx.store.contracts.findById(version.contractId) : undefined;
      return predictionDetailView(record, {
        artifactSha256: version?.artifactSha256 ?? null,
        format: version?.format ?? null,
        snapshotSha256: snapshot?.sha256 ?? null,
        codeRef: version?.codeRef ?? null,
        contract: contract ? { name: contract.name, sha256: contract.sha256 } : null,
      });
    },
  );
}
