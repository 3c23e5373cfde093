import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureCases } from '../../test/fixtures/onnx/read-fixture.ts';
import { registerModel } from '../app/register-model.ts';
import { DatasetProfile } from '../core/profiles/dataset-profile.ts';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { testServer } from './testing/test-server.ts';

/**
 * A network whose only output is logits float[N, 3], registered with --classes: the server serves
 * it as any classifier, JSON and V2 alike, and monitoring profiles its outputs. The expected
 * probabilities are Python onnxruntime's logits through numpy's softmax (the fixture's cases.json).
 */
const model = path.resolve(import.meta.dirname, '../../test/fixtures/onnx/scores-logits/model.onnx');
const cases = fixtureCases('scores-logits') as unknown as { rows: number[][]; served: { probabilities: number[][]; labels: string[] } };
const classes = ['calm', 'busy', 'overloaded'];
const factory = sqliteFactory();
const directory = mkdtempSync(path.join(tmpdir(), 'ballast-scores-'));
let server: Awaited<ReturnType<typeof testServer>>;

beforeAll(async () => {
  server = await testServer(factory);
  const training = path.join(directory, 'train.csv');
  writeFileSync(training, ['a,b,c,d', ...cases.rows.map((row) => row.join(','))].join('\n'));
  const registered = await registerModel(server.ctx, {
    name: 'load',
    modelFile: model,
    trainingData: training,
    importance: false,
    output: { classes, scores: 'logits' },
  });
  expect(registered.version.signature.output).toEqual({ kind: 'multiclass', classes, scores: 'logits' });
  expect(registered.monitoring.saved).toBe(true);
  const deployed = await server.app.inject({
    method: 'POST',
    url: '/v1/deployments',
    headers: server.auth(server.tokens.operator),
    payload: { name: 'load', model: 'load:1' },
  });
  expect(deployed.statusCode, deployed.body).toBe(201);
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
  rmSync(directory, { recursive: true, force: true });
});

const instances = () => cases.rows.map(([a, b, c, d]) => ({ a, b, c, d }));
const expectedLabels = () => cases.served.labels.map((label) => classes[['low', 'medium', 'high'].indexOf(label)]);

describe('a score-only ONNX classifier on the server', () => {
  it('answers labels and probabilities over the registered classes', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/v1/deployments/load/predict',
      headers: server.auth(server.tokens.viewer),
      payload: { instances: instances() },
    });
    expect(response.statusCode, response.body).toBe(200);
    const predictions = response.json().predictions as { label: string; probabilities: number[] }[];
    expect(predictions.map((p) => p.label)).toEqual(expectedLabels());
    predictions.forEach((p, row) =>
      p.probabilities.forEach((value, k) => expect(Math.abs(value - cases.served.probabilities[row]![k]!)).toBeLessThan(1e-5)),
    );
  });

  it('answers V2 with label and probabilities outputs', async () => {
    const metadata = (
      await server.app.inject({ method: 'GET', url: '/v2/models/load', headers: server.auth(server.tokens.viewer) })
    ).json();
    expect(metadata.outputs.map((o: { name: string }) => o.name)).toEqual(['label', 'probabilities']);
    const rows = cases.rows;
    const payload = {
      inputs: ['a', 'b', 'c', 'd'].map((name, f) => ({ name, datatype: 'FP64', shape: [rows.length, 1], data: rows.map((row) => row[f]) })),
    };
    const response = await server.app.inject({
      method: 'POST',
      url: '/v2/models/load/infer',
      headers: server.auth(server.tokens.viewer),
      payload,
    });
    expect(response.statusCode, response.body).toBe(200);
    const outputs = response.json().outputs as { name: string; shape: number[]; data: unknown[] }[];
    expect(outputs.find((o) => o.name === 'label')!.data).toEqual(expectedLabels());
    expect(outputs.find((o) => o.name === 'probabilities')!.shape).toEqual([rows.length, 3]);
  });

  it('profiles its outputs in the reference like any classifier', async () => {
    const version = (await server.ctx.store.versions.latest((await server.ctx.store.models.findByName('load'))!.id))!;
    const reference = (await server.ctx.store.monitoring.findReference(version.id))!;
    const profile = DatasetProfile.fromJSON(reference.profile);
    const names = profile.schema.columns.map((column) => column.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'prediction.label',
        'prediction.probability.calm',
        'prediction.probability.busy',
        'prediction.probability.overloaded',
      ]),
    );
    expect(profile.rows).toBe(cases.rows.length);
  });
});
