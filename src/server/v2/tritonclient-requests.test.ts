import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFeatureBatch } from '../../runtime/build-feature-batch.ts';
import type { LoadedModel, PredictionOutput } from '../../runtime/model-runtime.ts';
import { compileInstanceReader } from '../../runtime/read-instances.ts';
import { decodeInferRequest } from './decode-infer-request.ts';
import { encodeInferResponse } from './encode-infer-response.ts';
import { splitInferBody } from './split-infer-body.ts';
import { jsonInstances, loadCreditXgboost } from './testing/credit-example.ts';

/**
 * The exact bytes the unmodified tritonclient[http] sends (recorded by
 * test/v2-client/capture_tritonclient_requests.py), decoded as the server decodes them, must
 * predict what Ballast's JSON API predicts for the same CSV rows.
 */
interface Capture {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body_base64: string;
}
const fixture = JSON.parse(readFileSync(new URL('fixtures/tritonclient-requests.json', import.meta.url), 'utf8')) as {
  tritonclient: string;
  rows: Record<string, string>[];
  complete_rows: number[];
  requests: Capture[];
};

let model: LoadedModel;
let reference: PredictionOutput;
beforeAll(async () => {
  model = await loadCreditXgboost();
  const columns = Object.keys(fixture.rows[0]!);
  const chunk = { columns, rows: fixture.rows.map((row, i) => ({ row: i + 1, cells: columns.map((c) => row[c]!) })) };
  reference = await model.predict(compileInstanceReader(model.signature.inputs)(jsonInstances(model.signature, chunk)));
});
afterAll(async () => {
  await model.close();
});

function decode(capture: Capture) {
  const raw = Buffer.from(capture.body_base64, 'base64');
  const { json, binary } = splitInferBody(raw, capture.headers['inference-header-content-length']);
  return decodeInferRequest(json, model.signature, { ...(binary ? { binary } : {}) });
}

function requestNamed(name: string): Capture {
  return fixture.requests.find((r) => r.name === name)!;
}

function referenceRows(rows: readonly number[]): { probabilities: number[]; labels: number[] } {
  if (reference.kind === 'regression') throw new Error('the credit model is a classifier');
  const { probabilities, labelIndex } = reference;
  return {
    probabilities: rows.flatMap((r) => [probabilities[2 * r]!, probabilities[2 * r + 1]!]),
    labels: rows.map((r) => labelIndex[r]!),
  };
}

describe(`requests recorded from tritonclient ${fixture.tritonclient}`, () => {
  it('come without a Content-Type; binary ones carry Inference-Header-Content-Length', () => {
    for (const request of fixture.requests) {
      expect(request.headers['content-type'], request.name).toBeUndefined();
      expect('inference-header-content-length' in request.headers, request.name).toBe(
        ['per-feature binary', '2-D FP32 binary'].includes(request.name),
      );
    }
  });
  it.each(['per-feature JSON', 'per-feature binary', '2-D FP32 binary', '2-D FP32 JSON', 'label only', 'versioned, binary output asked'])(
    '%s predicts what /v1 predicts',
    async (name) => {
      const decoded = decode(requestNamed(name));
      const rows = name === '2-D FP32 JSON' ? fixture.complete_rows : fixture.rows.map((_, i) => i);
      expect(decoded.layout).toBe(name.startsWith('2-D') ? 'matrix' : 'per-feature');
      expect(decoded.rows.rows).toHaveLength(rows.length);
      const output = await model.predict(buildFeatureBatch(model.signature.inputs, decoded.rows, 'request'));
      if (output.kind === 'regression') throw new Error('the credit model is a classifier');
      const want = referenceRows(rows);
      // XGBoost compares float32 features, so even the FP32 forms must match exactly.
      expect(Array.from(output.probabilities)).toEqual(want.probabilities);
      expect(Array.from(output.labelIndex)).toEqual(want.labels);
    },
  );
  it('echo the request id and honour the requested outputs', () => {
    expect(decode(requestNamed('per-feature JSON')).id).toBe('check-json');
    expect(decode(requestNamed('label only')).requestedOutputs).toEqual(['label']);
    const versioned = requestNamed('versioned, binary output asked');
    expect(versioned.path).toBe('/v2/models/credit/versions/1/infer');
    const decoded = decode(versioned);
    const response = encodeInferResponse(reference, {
      modelName: 'credit',
      ...(decoded.requestedOutputs ? { requestedOutputs: decoded.requestedOutputs } : {}),
    });
    expect(response.outputs.map((o) => o.name)).toEqual(['probabilities']);
  });
});
