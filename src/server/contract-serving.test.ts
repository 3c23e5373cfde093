import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerModel } from '../app/register-model.ts';
import { EXAMPLES } from '../app/testing/test-context.ts';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { liveInstances, testServer } from './testing/test-server.ts';

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;
let instances: Record<string, unknown>[];

beforeAll(async () => {
  server = await testServer(factory);
  const contractFile = path.join(server.ctx.dir, 'credit.yaml');
  writeFileSync(
    contractFile,
    `format: ballast.contract/v1
columns:
  age: { type: integer, min: 18, max: 100, nullable: false, on_violation: reject }
  income: { type: number, min: 0, max: 5000000, on_violation: flag }
  purpose: { type: category, values: [car, home_improvement, debt_consolidation, education, business, medical], on_violation: flag }
`,
  );
  await registerModel(server.ctx, {
    name: 'credit',
    modelFile: path.join(EXAMPLES, 'model.xgb.json'),
    trainingData: path.join(EXAMPLES, 'train.csv'),
    importance: false,
    labelColumn: 'default',
    contractFile,
  });
  const deployed = await server.app.inject({
    method: 'POST',
    url: '/v1/deployments',
    headers: server.auth(server.tokens.operator),
    payload: { name: 'guarded', model: 'credit:2' },
  });
  expect(deployed.statusCode).toBe(201);
  instances = await liveInstances(3);
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

const predict = (rows: Record<string, unknown>[]) =>
  server.app.inject({
    method: 'POST',
    url: '/v1/deployments/guarded/predict',
    headers: server.auth(server.tokens.viewer),
    payload: { instances: rows },
  });

describe('a deployment whose version has a contract', () => {
  it('serves rows that meet it, untouched', async () => {
    const response = await predict(instances);
    expect(response.statusCode).toBe(200);
    expect(response.json().predictions.every((p: object) => !('violations' in p))).toBe(true);
  });

  it('rejects a request whose rows break a reject rule, listing every failing field', async () => {
    const response = await predict([{ ...instances[0], age: 12 }, instances[1]!, { ...instances[2], age: null }]);
    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.code).toBe('contract_violation');
    expect(body.issues.map((i: { path: unknown[] }) => i.path)).toEqual([
      ['instances', 0, 'age'],
      ['instances', 2, 'age'],
    ]);
    // The kind of violation is the issue's code, not pasted into its message.
    expect(body.issues.map((i: { code: string }) => i.code)).toEqual(['out_of_range', 'null_not_allowed']);
    expect(body.issues[1].message).not.toMatch(/null_not_allowed/);
    expect(body.detail).toMatch(/^the request breaks the deployment's contract: instances\[0\]\.age: .* \(and 1 more problem\)$/);
  });

  it('serves a row that breaks a flag rule, and records the violation with the prediction', async () => {
    const response = await predict([{ ...instances[0], income: 9_000_000, purpose: 'yacht' }]);
    expect(response.statusCode).toBe(200);
    const [prediction] = response.json().predictions;
    expect(prediction.violations.map((v: { column: string; code: string }) => `${v.column}:${v.code}`)).toEqual([
      'income:out_of_range',
      'purpose:unknown_category',
    ]);
    const logged = await server.app.inject({
      method: 'GET',
      url: `/v1/predictions/${prediction.prediction_id}`,
      headers: server.auth(server.tokens.viewer),
    });
    expect(logged.json()).toMatchObject({ output: { label: prediction.label } });
    const record = await server.ctx.store.predictions.findById(prediction.prediction_id);
    expect(record?.violations?.map((v) => v.code)).toEqual(['out_of_range', 'unknown_category']);
  });

  it('counts violations per column on /metrics and in the monitoring windows', async () => {
    const text = (await server.app.inject({ method: 'GET', url: '/metrics', headers: server.auth(server.tokens.viewer) })).body;
    expect(text).toMatch(/ballast_contract_violations_total\{deployment="guarded",column="age",code="out_of_range",policy="reject"\} 1/);
    expect(text).toMatch(/ballast_contract_violations_total\{deployment="guarded",column="income",code="out_of_range",policy="flag"\} 1/);
    await server.windows.flush();
    const counts = await server.ctx.store.contracts.violationCounts('guarded', '2000-01-01T00:00:00.000Z', '2100-01-01T00:00:00.000Z');
    expect(counts.map((c) => `${c.column}:${c.code}:${c.policy}:${c.count}`).sort()).toEqual([
      'age:null_not_allowed:reject:1',
      'age:out_of_range:reject:1',
      'income:out_of_range:flag:1',
      'purpose:unknown_category:flag:1',
    ]);
  });

  it('serves the contract with its training report, the violation windows and the flagged predictions', async () => {
    const headers = server.auth(server.tokens.viewer);
    const contract = (await server.app.inject({ method: 'GET', url: '/v1/models/credit/versions/2/contract', headers })).json();
    expect(contract).toMatchObject({
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      contract: { columns: { age: { on_violation: 'reject' } } },
      training_report: { passed: true, rows: 20000 },
    });
    expect((await server.app.inject({ method: 'GET', url: '/v1/models/credit/versions/1/contract', headers })).json().code).toBe(
      'contract_not_found',
    );
    await server.windows.flush();
    const windows = (await server.app.inject({ method: 'GET', url: '/v1/deployments/guarded/violations', headers })).json();
    expect(windows.windows.length).toBeGreaterThan(0);
    const flagged = (await server.app.inject({ method: 'GET', url: '/v1/predictions?deployment=guarded&flagged=true', headers })).json();
    expect(flagged.predictions).toHaveLength(1);
    expect(flagged.predictions[0].violations[0]).toMatchObject({ column: 'income', code: 'out_of_range' });
    const detail = (await server.app.inject({ method: 'GET', url: `/v1/predictions/${flagged.predictions[0].id}`, headers })).json();
    expect(detail.lineage.contract).toEqual({ name: 'credit', sha256: contract.sha256 });
  });
});
