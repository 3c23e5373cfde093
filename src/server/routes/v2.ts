import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { servingAt } from '../../app/serving/serving-at.ts';
import type { ServedPrediction } from '../../app/serving/serving-types.ts';
import { BALLAST_VERSION } from '../../app/version.ts';
import { BallastError } from '../../core/errors.ts';
import { buildFeatureBatch } from '../../runtime/build-feature-batch.ts';
import { codeOf } from '../problem.ts';
import { headerRequestId, headerValue } from './predict.ts';
import type { ServerDeps } from '../server-deps.ts';
import { decodeInferRequest } from '../v2/decode-infer-request.ts';
import { encodeInferResponse } from '../v2/encode-infer-response.ts';
import { modelMetadata, serverMetadata } from '../v2/model-metadata.ts';
import { rowsAsInstances } from '../v2/rows-as-instances.ts';
import { isInferContentType, splitInferBody } from '../v2/split-infer-body.ts';
import { v2RouteSchemas } from '../v2/v2-schemas.ts';
import type { V2Parameters } from '../v2/v2-types.ts';

type ModelParams = { name: string; version?: string };

/**
 * The Open Inference Protocol V2 (KServe, Triton, MLServer), where a model is a deployment.
 * Mounted as its own plugin because V2 clients differ from JSON clients at the edge: tritonclient
 * sends no Content-Type and may append binary tensor data after the JSON header.
 */
export function v2Routes(deps: ServerDeps): FastifyPluginAsync {
  return async (v2: FastifyInstance) => {
    const binaryOf = new WeakMap<FastifyRequest, Uint8Array>();
    v2.removeAllContentTypeParsers();
    v2.addContentTypeParser('*', { parseAs: 'buffer' }, (request, raw, done) => {
      if (!isInferContentType(request.headers['content-type'])) {
        done(
          new BallastError(
            'unsupported_media_type',
            'send the inference request as application/json (or with no Content-Type, as tritonclient does)',
          ),
        );
        return;
      }
      try {
        const { json, binary } = splitInferBody(raw as Buffer, request.headers['inference-header-content-length']);
        if (binary) binaryOf.set(request, binary);
        done(null, json);
      } catch (error) {
        done(error as Error);
      }
    });

    v2.get('/v2', { config: { access: 'viewer' }, schema: v2RouteSchemas.serverMetadata }, async () => serverMetadata(BALLAST_VERSION));
    v2.get('/v2/health/live', { config: { access: 'public' }, schema: v2RouteSchemas.live }, async () => ({ live: true }));
    v2.get('/v2/health/ready', { config: { access: 'public' }, schema: v2RouteSchemas.ready }, async (_request, reply) => {
      const ready = deps.isReady();
      return reply.status(ready ? 200 : 503).send({ ready });
    });

    const metadata = async (request: FastifyRequest<{ Params: ModelParams }>) => {
      const serving = await servingAt(deps.host, request.params.name, request.params.version);
      return modelMetadata({
        name: request.params.name,
        versions: [String(serving.version.version)],
        format: serving.version.format,
        signature: serving.version.signature,
      });
    };
    v2.get('/v2/models/:name', { config: { access: 'viewer' }, schema: v2RouteSchemas.modelMetadata }, metadata);
    v2.get(
      '/v2/models/:name/versions/:version',
      { config: { access: 'viewer' }, schema: v2RouteSchemas.modelMetadataForVersion },
      metadata,
    );

    const ready = async (request: FastifyRequest<{ Params: ModelParams }>) => {
      await servingAt(deps.host, request.params.name, request.params.version);
      return { name: request.params.name, ready: true };
    };
    v2.get('/v2/models/:name/ready', { config: { access: 'viewer' }, schema: v2RouteSchemas.modelReady }, ready);
    v2.get(
      '/v2/models/:name/versions/:version/ready',
      { config: { access: 'viewer' }, schema: v2RouteSchemas.modelReadyForVersion },
      ready,
    );

    const infer = async (request: FastifyRequest<{ Params: ModelParams; Body: unknown }>) => {
      const started = performance.now();
      const { name } = request.params;
      try {
        if (request.params.version !== undefined) await servingAt(deps.host, name, request.params.version);
        let decoded: ReturnType<typeof decodeInferRequest> | undefined;
        const result = await deps.host.predictDecoded(
          name,
          (signature) => {
            decoded = decodeInferRequest(request.body, signature, { binary: binaryOf.get(request), maxRows: deps.limits.maxInstances });
            return { batch: buildFeatureBatch(signature.inputs, decoded.rows, 'request'), inputs: rowsAsInstances(decoded.rows) };
          },
          decodedId(request.body) ?? headerRequestId(request.headers['x-request-id']),
          started,
          (header) => headerValue(request.headers[header.toLowerCase()]),
        );
        deps.metrics.recordPredictions(result, (performance.now() - started) / 1000);
        return encodeInferResponse(result.output, {
          modelName: name,
          modelVersion: String(result.model.version),
          id: decoded!.id,
          predictionIds: result.ids,
          requestedOutputs: decoded!.requestedOutputs,
          parameters: answeredParameters(result),
        });
      } catch (error) {
        deps.metrics.recordPredictionError(name, deps.host.deploymentNames.includes(name), codeOf(error));
        throw error;
      }
    };
    v2.post('/v2/models/:name/infer', { config: { access: 'viewer' }, schema: v2RouteSchemas.infer }, infer);
    v2.post('/v2/models/:name/versions/:version/infer', { config: { access: 'viewer' }, schema: v2RouteSchemas.inferForVersion }, infer);
  };
}

/**
 * Who answered, in the response parameters (scalars only): the registered model, the `role` and
 * `model_version` of the version that answered (the first row's), and when a sticky key split the
 * rows between versions, `roles` and `model_versions` per row, comma-separated in row order.
 */
function answeredParameters(result: ServedPrediction): V2Parameters {
  const first = result.answeredBy[0];
  const parameters: Record<string, string> = {
    registered_model: result.model.name,
    role: first?.role ?? 'stable',
    model_version: String(result.model.version),
  };
  if (result.answeredBy.some((who) => who.versionId !== first?.versionId)) {
    parameters.roles = result.answeredBy.map((who) => who.role).join(',');
    parameters.model_versions = result.answeredBy.map((who) => who.model.version).join(',');
  }
  return parameters;
}

function decodedId(body: unknown): string | null {
  const id = (body as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : null;
}
