import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineRunRecord } from '../../core/pipelines/pipeline-definition.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { testServer } from '../testing/test-server.ts';

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;

beforeAll(async () => {
  server = await testServer(factory);
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

const RUN: PipelineRunRecord = {
  id: '01RUN',
  pipeline: 'examples/credit/pipeline.yaml',
  pipelineSha256: 'a'.repeat(64),
  gitCommit: null,
  gitDirty: null,
  tools: { node: 'v20.20.2', python: null, pipFreezeSha256: null },
  params: { seed: 1 },
  steps: [
    {
      name: 'prepare',
      cmd: 'python3 make_data.py',
      status: 'failed',
      stepHash: 'b'.repeat(64),
      deps: {},
      params: {},
      outs: {},
      durationMs: 5,
      error: 'Traceback …',
    },
  ],
  status: 'failed',
  startedAt: '2026-12-07T12:00:00.000Z',
  finishedAt: '2026-12-07T12:00:01.000Z',
  createdBy: 'tester',
};

describe('GET /v1/pipeline-runs', () => {
  it('lists recorded runs to viewers and shows one, 404 pipeline_run_not_found for an unknown id', async () => {
    const { app, auth, tokens, ctx } = server;
    await ctx.store.pipelineRuns.save(RUN);
    const listed = await app.inject({ method: 'GET', url: '/v1/pipeline-runs?limit=5', headers: auth(tokens.viewer) });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().runs).toHaveLength(1);
    const one = await app.inject({ method: 'GET', url: '/v1/pipeline-runs/01RUN', headers: auth(tokens.viewer) });
    expect(one.json()).toMatchObject({
      id: '01RUN',
      status: 'failed',
      steps: [{ name: 'prepare', error: 'Traceback …', registered: null }],
    });
    const missing = await app.inject({ method: 'GET', url: '/v1/pipeline-runs/nope', headers: auth(tokens.viewer) });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'pipeline_run_not_found' });
    const badLimit = await app.inject({ method: 'GET', url: '/v1/pipeline-runs?limit=0', headers: auth(tokens.viewer) });
    expect(badLimit.statusCode).toBe(400);
  });
});
