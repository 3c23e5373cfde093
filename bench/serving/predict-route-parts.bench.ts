/**
 * What the parts of the predict route that Ballast itself adds to Fastify cost per request, each
 * timed alone in a loop (steady, unlike CPU per request under HTTP load, which varies by 20–40 %
 * run to run on a shared machine): the body's schema validation, the response serialisation, the
 * Prometheus metric updates, the token hash of the auth cache, and Fastify's routeOptions getter.
 * Fastify's own compilers are used with the server's options, so the figures are the route's.
 *
 *   npx tsx bench/serving/predict-route-parts.bench.ts
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { detectModelFormat } from '../../src/core/detect-model-format.ts';
import { RUNTIMES } from '../../src/runtime/runtimes.ts';
import { ServerMetrics } from '../../src/server/metrics.ts';
import { Counter, Histogram, Registry } from 'prom-client';
import { predictSchema } from '../../src/server/schemas.ts';
import { CREDIT_DIR, creditInstances } from './credit-requests.ts';

type Compile = (route: Record<string, unknown>) => (data: unknown) => unknown;
const require = createRequire(import.meta.url);
const ajvCompiler = require('@fastify/ajv-compiler') as () => (externals: object, options: object) => Compile;
const { SerializerSelector } = require('@fastify/fast-json-stringify-compiler') as {
  SerializerSelector: () => (externals: object, options: object) => Compile;
};

const modelFile = path.join(CREDIT_DIR, 'model.xgb.json');
const bytes = new Uint8Array(readFileSync(modelFile));
const model = await RUNTIMES[detectModelFormat(bytes.subarray(0, 4096), path.basename(modelFile))].load(bytes);
const instances = await creditInstances(model.signature.inputs, 256);
await model.close();

// As buildServer configures Fastify's ajv.
const validate = ajvCompiler()({}, { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } })({
  schema: predictSchema.body,
  method: 'POST',
  url: '/v1/deployments/:name/predict',
  httpPart: 'body',
});
const serialize = SerializerSelector()({}, {})({
  schema: predictSchema.response[200],
  method: 'POST',
  url: '/v1/deployments/:name/predict',
  httpStatus: '200',
});
const metrics = new ServerMetrics();
const token = 'bench-admin-token-0123456789abcdef';

const bodies = instances.map((instance) => ({ instances: [instance] }));
const responses = instances.map((_, i) => ({
  model: { name: 'credit', version: 3 },
  deployment: 'bench',
  request_id: null,
  predictions: [
    { prediction_id: `01JBENCH${String(i).padStart(18, '0')}`, label: i % 3 === 0 ? 1 : 0, probabilities: [0.8123456789, 0.1876543211] },
  ],
}));

/** ns per call, the median of 7 timed passes over the 256 inputs after a warm-up. */
function time(what: string, body: (i: number) => unknown): void {
  const passes: number[] = [];
  let sink = 0;
  for (let pass = 0; pass < 9; pass++) {
    const n = 20_000;
    const started = process.hrtime.bigint();
    for (let k = 0; k < n; k++) if (body(k & 255) !== undefined) sink++;
    if (pass >= 2) passes.push(Number(process.hrtime.bigint() - started) / n);
  }
  passes.sort((a, b) => a - b);
  console.log(`${(passes[3]! / 1000).toFixed(2).padStart(7)} µs  ${what}${sink < 0 ? '' : ''}`);
}

console.log('µs per request, each part alone (median of 7 passes of 20,000 calls):');
time('body schema validation (ajv, as compiled by Fastify)', (i) => validate(bodies[i]!));
time('response serialisation, the 200 schema (fast-json-stringify, anyOf per prediction)', (i) => serialize(responses[i]!));
time('response serialisation, JSON.stringify', (i) => JSON.stringify(responses[i]!));
const promRegistry = new Registry();
const prom = {
  httpRequests: new Counter({ name: 'h_total', help: 'h', labelNames: ['method', 'route', 'status'], registers: [promRegistry] }),
  httpDuration: new Histogram({
    name: 'h_seconds',
    help: 'h',
    labelNames: ['method', 'route'],
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [promRegistry],
  }),
  predictions: new Counter({ name: 'p_total', help: 'p', labelNames: ['deployment', 'model', 'version'], registers: [promRegistry] }),
  predictionLatency: new Histogram({
    name: 'p_seconds',
    help: 'p',
    labelNames: ['deployment', 'model', 'version'],
    buckets: [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
    registers: [promRegistry],
  }),
};
time('metrics: 2 counters and 2 histograms with label objects (prom-client, as the server did before bound-metrics.ts)', (i) => {
  const labels = { deployment: 'bench', model: 'credit', version: '3' };
  prom.httpRequests.inc({ method: 'POST', route: '/v1/deployments/:name/predict', status: '200' });
  prom.httpDuration.observe({ method: 'POST', route: '/v1/deployments/:name/predict' }, (i + 1) / 1e6);
  prom.predictions.inc(labels, 1);
  prom.predictionLatency.observe(labels, (i + 1) / 1e6);
  return i;
});
const served = { deployment: 'bench', model: { name: 'credit', version: 3 }, ids: ['01J0000000000000000000000'], logged: 1 };
time("metrics: the same four through the server's bound metrics (recordHttp, recordPredictions)", (i) => {
  metrics.recordHttp('POST', '/v1/deployments/:name/predict', 200, (i + 1) / 1e6);
  metrics.recordPredictions(served, (i + 1) / 1e6);
  return i;
});
time('auth cache key: SHA-256 of the token', () => createHash('sha256').update(token).digest('base64'));
