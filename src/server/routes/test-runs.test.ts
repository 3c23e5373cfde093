import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRunWire } from '../../app/model-tests/test-runs.ts';
import { sampleRun } from '../../core/model-tests/testing/sample-run.ts';
import type { TestRunRecord } from '../../core/model-tests/test-run-record.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { testServer } from '../testing/test-server.ts';

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;
const runs: TestRunRecord[] = [];

beforeAll(async () => {
  server = await testServer(factory);
  const version = (await server.ctx.store.versions.find((await server.ctx.store.models.findByName('credit'))!.id, 1))!;
  const sample = sampleRun();
  for (const [i, passed] of [false, true].entries()) {
    const run: TestRunRecord = {
      id: `01RUN00000000000000000000${i}`,
      versionId: version.id,
      suiteName: sample.suite.name,
      suiteHash: sample.suite.hash,
      dataFile: sample.data.file,
      dataHash: sample.data.hash,
      dataRows: sample.data.rows,
      seed: sample.seed,
      passed,
      checks: sample.checks,
      createdBy: 'ana',
      createdAt: `2026-12-07T09:0${i}:00.000Z`,
    };
    await server.ctx.store.testRuns.insert(run);
    runs.push(run);
  }
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

describe('model test run routes', () => {
  it("lists a version's runs newest first, every field of every check on the wire", async () => {
    const { app, auth, tokens } = server;
    const response = await app.inject({ method: 'GET', url: '/v1/models/credit/versions/1/tests', headers: auth(tokens.viewer) });
    expect(response.statusCode).toBe(200);
    const model = { name: 'credit', version: 1 };
    expect(response.json()).toEqual({ runs: [testRunWire(runs[1]!, model), testRunWire(runs[0]!, model)] });
  });

  it('shows one run, and answers test_run_not_found (404) for an unknown id', async () => {
    const { app, auth, tokens } = server;
    const one = await app.inject({ method: 'GET', url: `/v1/test-runs/${runs[0]!.id}`, headers: auth(tokens.viewer) });
    expect(one.json()).toEqual(testRunWire(runs[0]!, { name: 'credit', version: 1 }));
    const missing = await app.inject({ method: 'GET', url: '/v1/test-runs/NOPE', headers: auth(tokens.viewer) });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'test_run_not_found' });
    const noVersion = await app.inject({ method: 'GET', url: '/v1/models/credit/versions/9/tests', headers: auth(tokens.viewer) });
    expect(noVersion.json()).toMatchObject({ code: 'version_not_found' });
    const anonymous = await app.inject({ method: 'GET', url: `/v1/test-runs/${runs[0]!.id}` });
    expect(anonymous.statusCode).toBe(401);
  });
});
