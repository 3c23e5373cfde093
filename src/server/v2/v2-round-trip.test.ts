import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableChunk } from '../../core/table.ts';
import { buildFeatureBatch } from '../../runtime/build-feature-batch.ts';
import type { LoadedModel, PredictionOutput } from '../../runtime/model-runtime.ts';
import { compileInstanceReader } from '../../runtime/read-instances.ts';
import { decodeInferRequest } from './decode-infer-request.ts';
import { encodeInferResponse } from './encode-infer-response.ts';
import { modelMetadata } from './model-metadata.ts';
import { splitInferBody } from './split-infer-body.ts';
import { CREDIT, jsonInstances, loadCreditXgboost, readLiveRows } from './testing/credit-example.ts';
import { V2_DATATYPES, type V2ModelMetadata } from './v2-types.ts';

/**
 * Rows of examples/credit/live.csv go through the whole V2 path: a request as a client writes it,
 * the raw body split and decoded, the shared batch builder, the XGBoost runtime, the encoder, and
 * the JSON the client reads back; the answer must be the spec's shape and match the framework.
 */
const ROWS = 300;
const expected = JSON.parse(readFileSync(new URL('expected_predictions.json', CREDIT), 'utf8')) as {
  rows: number;
  models: Record<string, { probability: number[]; label: number[] }>;
};

let model: LoadedModel;
let live: TableChunk;
let metadata: V2ModelMetadata;
let reference: PredictionOutput;
beforeAll(async () => {
  model = await loadCreditXgboost();
  live = await readLiveRows(ROWS);
  metadata = modelMetadata({ name: 'credit', versions: [1], format: 'xgboost', signature: model.signature });
  reference = await model.predict(compileInstanceReader(model.signature.inputs)(jsonInstances(model.signature, live)));
});
afterAll(async () => {
  await model.close();
});

/** Cells of a column, typed as the metadata's datatype says, null for an empty cell. */
function column(name: string, datatype: string): (number | string | null)[] {
  const at = live.columns.indexOf(name);
  return live.rows.map(({ cells }) => {
    const text = String(cells[at] ?? '');
    if (text === '') return null;
    return datatype === 'BYTES' ? text : Number(text);
  });
}

async function serve(body: Uint8Array, headerLength?: string) {
  const { json, binary } = splitInferBody(body, headerLength);
  const decoded = decodeInferRequest(json, model.signature, { ...(binary ? { binary } : {}), maxRows: 1000 });
  const output = await model.predict(buildFeatureBatch(model.signature.inputs, decoded.rows, 'request'));
  const ids = decoded.rows.rows.map((_, i) => `01PRED${String(i).padStart(4, '0')}`);
  const response = encodeInferResponse(output, {
    modelName: 'credit',
    modelVersion: '1',
    ...(decoded.id !== undefined ? { id: decoded.id } : {}),
    ...(decoded.requestedOutputs ? { requestedOutputs: decoded.requestedOutputs } : {}),
    predictionIds: ids,
  });
  return { decoded, output, body: JSON.parse(JSON.stringify(response)) as Record<string, unknown> };
}

/** The spec's `$inference_response`, checked field by field. */
function expectSpecResponse(body: Record<string, unknown>, rows: number): void {
  expect(typeof body.model_name).toBe('string');
  expect(typeof body.model_version).toBe('string');
  for (const value of Object.values(body.parameters as object)) expect(['string', 'number', 'boolean']).toContain(typeof value);
  const outputs = body.outputs as { name: unknown; datatype: string; shape: number[]; data: unknown[] }[];
  expect(outputs.length).toBeGreaterThan(0);
  for (const output of outputs) {
    expect(typeof output.name).toBe('string');
    expect(V2_DATATYPES).toContain(output.datatype);
    expect(output.shape[0]).toBe(rows);
    expect(output.data).toHaveLength(output.shape.reduce((a, b) => a * b, 1));
    for (const element of output.data)
      expect(output.datatype === 'BYTES' ? typeof element === 'string' : typeof element === 'number').toBe(true);
  }
}

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('V2 round trip on the credit example', () => {
  it('answers one tensor per feature (JSON, nulls for missing) as the spec shapes it and as XGBoost predicts', async () => {
    const request = {
      id: 'round-trip',
      inputs: metadata.inputs.map(({ name, datatype }) => ({ name, datatype, shape: [ROWS], data: column(name, datatype) })),
    };
    const { body, output } = await serve(encode(request));
    expectSpecResponse(body, ROWS);
    expect(body.id).toBe('round-trip');
    expect(body.model_name).toBe('credit');
    expect((body.parameters as { prediction_ids: string }).prediction_ids.split(',')).toHaveLength(ROWS);
    const [label, probabilities] = body.outputs as { name: string; datatype: string; shape: number[]; data: number[] }[];
    expect(label).toMatchObject({ name: 'label', datatype: 'INT64', shape: [ROWS] });
    expect(probabilities).toMatchObject({ name: 'probabilities', datatype: 'FP64', shape: [ROWS, 2] });
    const want = expected.models['model.xgb.json']!;
    expect(label!.data).toEqual(want.label.slice(0, ROWS));
    const worst = Math.max(...want.probability.slice(0, ROWS).map((p, i) => Math.abs(probabilities!.data[2 * i + 1]! - p)));
    expect(worst).toBeLessThan(1e-5);
    expect(output).toEqual(reference);
  });
  it('answers the same for one nested 2-D tensor with category codes', async () => {
    const codes = JSON.parse(metadata.parameters!.category_codes!) as Record<string, string[]>;
    const columns = metadata.inputs.map(({ name, datatype }) =>
      column(name, datatype).map((v) => (typeof v === 'string' ? codes[name]!.indexOf(v) : v)),
    );
    const data = live.rows.map((_, r) => columns.map((c) => c[r]!));
    const { body, output, decoded } = await serve(
      encode({ inputs: [{ name: 'features', shape: [ROWS, columns.length], datatype: 'FP64', data }] }),
    );
    expect(decoded.layout).toBe('matrix');
    expectSpecResponse(body, ROWS);
    expect(output).toEqual(reference);
  });
  it('answers the same for binary tensors (NaN for missing), and only the output asked for', async () => {
    const parts: Uint8Array[] = [];
    const inputs = metadata.inputs.map(({ name, datatype }) => {
      const values = column(name, datatype);
      const bytes =
        datatype === 'BYTES'
          ? bytesTensor(values as (string | null)[])
          : new Uint8Array(Float64Array.from(values, (v) => (v === null ? Number.NaN : (v as number))).buffer);
      parts.push(bytes);
      return { name, datatype: datatype === 'BYTES' ? 'BYTES' : 'FP64', shape: [ROWS], parameters: { binary_data_size: bytes.byteLength } };
    });
    const json = encode({ inputs, outputs: [{ name: 'probabilities' }], parameters: { binary_data_output: true } });
    const body = Buffer.concat([json, ...parts]);
    const served = await serve(body, String(json.byteLength));
    expect(served.output).toEqual(reference);
    expect((served.body.outputs as { name: string }[]).map((o) => o.name)).toEqual(['probabilities']);
  });
});

/** The binary extension's BYTES layout: a 4-byte little-endian length, then the UTF-8 text. */
function bytesTensor(values: (string | null)[]): Uint8Array {
  return Buffer.concat(
    values.map((value) => {
      const text = Buffer.from(value ?? '', 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32LE(text.length);
      return Buffer.concat([length, text]);
    }),
  );
}
