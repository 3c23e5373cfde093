import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelSignature } from '../../core/signature.ts';
import { encodeInferResponse } from './encode-infer-response.ts';
import { modelMetadata, serverMetadata } from './model-metadata.ts';
import { v2RouteSchemas } from './v2-schemas.ts';

// The schemas are mounted on a real Fastify instance, as the server mounts them: ajv compiles them,
// fast-json-stringify serializes with them, and @fastify/swagger turns them into OpenAPI.
const signature: ModelSignature = {
  inputs: [
    { name: 'income', type: 'number' },
    { name: 'city', type: 'string' },
  ],
  output: { kind: 'binary', classes: ['no', 'yes'] },
};
const response = encodeInferResponse(
  { kind: 'binary', classes: ['no', 'yes'], probabilities: Float64Array.from([0.75, 0.25]), labelIndex: Int32Array.from([0]) },
  { modelName: 'm', modelVersion: '2', id: 'r', predictionIds: ['01A'], parameters: { registered_model: 'x', cached: false, rows: 1 } },
);
const metadata = modelMetadata({ name: 'm', versions: [2], format: 'onnx', signature });
const errorBody = {
  error: 'bad',
  code: 'invalid_request',
  issues: [{ code: 'invalid_value', path: ['inputs', 0, 'data', 3], message: 'is bad' }],
  status: 400,
};

let app: FastifyInstance;
let received: unknown;

beforeAll(async () => {
  app = Fastify();
  await app.register(swagger, { openapi: { info: { title: 'test', version: '0' } } });
  app.get('/v2', { schema: v2RouteSchemas.serverMetadata }, async () => serverMetadata('1.0.0'));
  app.get('/v2/health/live', { schema: v2RouteSchemas.live }, async () => ({ live: true }));
  app.get('/v2/health/ready', { schema: v2RouteSchemas.ready }, async () => ({ ready: true }));
  app.get('/v2/models/:name', { schema: v2RouteSchemas.modelMetadata }, async () => metadata);
  app.get('/v2/models/:name/versions/:version', { schema: v2RouteSchemas.modelMetadataForVersion }, async () => metadata);
  app.get('/v2/models/:name/ready', { schema: v2RouteSchemas.modelReady }, async (request) => ({
    name: (request.params as { name: string }).name,
    ready: true,
  }));
  app.get('/v2/models/:name/versions/:version/ready', { schema: v2RouteSchemas.modelReadyForVersion }, async () => ({ ready: true }));
  app.post('/v2/models/:name/infer', { schema: v2RouteSchemas.infer }, async (request, reply) => {
    received = request.body;
    if ((request.body as { id?: string }).id === 'fail') return reply.code(400).send(errorBody);
    return response;
  });
  app.post('/v2/models/:name/versions/:version/infer', { schema: v2RouteSchemas.inferForVersion }, async () => response);
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

const tensor = { name: 'income', shape: [1], datatype: 'FP64', data: [1] };

describe('V2 route schemas', () => {
  it('let a spec request through as sent, nested data, nulls and binary-data tensors included', async () => {
    const body = {
      id: 'r',
      parameters: { binary_data_output: true },
      inputs: [
        tensor,
        { name: 'city', shape: [1, 1], datatype: 'BYTES', data: [[null]] },
        { name: 'b', shape: [1], datatype: 'FP32', parameters: { binary_data_size: 4 } },
      ],
      outputs: [{ name: 'label', parameters: { binary_data: false } }],
      extra: 'allowed',
    };
    const reply = await app.inject({ method: 'POST', url: '/v2/models/m/infer', payload: body });
    expect(reply.statusCode).toBe(200);
    expect(received).toEqual(body);
  });
  it('refuse an envelope without inputs, a tensor without a shape, or an unknown datatype', async () => {
    for (const payload of [
      {},
      { inputs: [] },
      { inputs: [{ name: 'a', datatype: 'FP64', data: [1] }] },
      { inputs: [{ ...tensor, datatype: 'FLOAT' }] },
      { inputs: [tensor], outputs: [{}] },
    ]) {
      const reply = await app.inject({ method: 'POST', url: '/v2/models/m/infer', payload });
      expect(reply.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });
  it('refuse a version that is not a positive whole number', async () => {
    expect((await app.inject({ method: 'GET', url: '/v2/models/m/versions/2' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/v2/models/m/versions/latest' })).statusCode).toBe(400);
  });
  it('serialize responses without losing or changing a field', async () => {
    expect((await app.inject({ method: 'POST', url: '/v2/models/m/versions/2/infer', payload: { inputs: [tensor] } })).json()).toEqual(
      response,
    );
    expect((await app.inject({ method: 'GET', url: '/v2/models/m' })).json()).toEqual(metadata);
    expect((await app.inject({ method: 'GET', url: '/v2' })).json()).toEqual({ name: 'ballast', version: '1.0.0', extensions: [] });
    expect((await app.inject({ method: 'GET', url: '/v2/models/m/ready' })).json()).toEqual({ name: 'm', ready: true });
    const failed = await app.inject({ method: 'POST', url: '/v2/models/m/infer', payload: { id: 'fail', inputs: [tensor] } });
    expect(failed.statusCode).toBe(400);
    expect(failed.json()).toEqual(errorBody);
  });
  it('produce an OpenAPI document with every V2 route', () => {
    const document = app.swagger() as unknown as {
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    };
    expect(Object.keys(document.paths).sort()).toEqual([
      '/v2',
      '/v2/health/live',
      '/v2/health/ready',
      '/v2/models/{name}',
      '/v2/models/{name}/infer',
      '/v2/models/{name}/ready',
      '/v2/models/{name}/versions/{version}',
      '/v2/models/{name}/versions/{version}/infer',
      '/v2/models/{name}/versions/{version}/ready',
    ]);
    const infer = document.paths['/v2/models/{name}/infer']!.post!;
    expect(infer.requestBody).toBeDefined();
    expect(Object.keys(infer.responses).sort()).toEqual(['200', '400', '404', '413']);
  });
});
