import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLabelledReference } from '../../app/labelled-reference.ts';
import { EXAMPLES } from '../../app/testing/test-context.ts';
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

describe('GET /v1/models/{name}/versions/{version}', () => {
  it('says whether the version has a labelled reference, and which', async () => {
    const get = async () =>
      (await server.app.inject({ method: 'GET', url: '/v1/models/credit/versions/1', headers: server.auth(server.tokens.viewer) })).json();
    expect((await get()).labelled_reference).toBeNull();
    const { reference } = await setLabelledReference(server.ctx, 'credit:1', path.join(EXAMPLES, 'live.csv'), 'default');
    expect((await get()).labelled_reference).toEqual({
      label_column: 'default',
      rows: 5000,
      source: path.join(EXAMPLES, 'live.csv'),
      source_sha256: reference.sourceSha256,
      created_at: reference.createdAt,
      created_by: 'tester',
    });
  });

  it('names the pipeline run that registered the version, or null', async () => {
    const get = async () =>
      (await server.app.inject({ method: 'GET', url: '/v1/models/credit/versions/1', headers: server.auth(server.tokens.viewer) })).json();
    expect((await get()).pipeline_run).toBeNull();
    const version = (await server.ctx.store.versions.listForModel((await server.ctx.store.models.findByName('credit'))!.id))[0]!;
    const outs = { 'model.xgb.json': version.artifactSha256 };
    await server.ctx.store.pipelineRuns.save({
      id: 'RUN1',
      pipeline: 'examples/credit/pipeline.yaml',
      pipelineSha256: 'a'.repeat(64),
      gitCommit: null,
      gitDirty: null,
      tools: { node: process.version, python: null, pipFreezeSha256: null },
      params: {},
      steps: [
        { name: 'train', cmd: 'python3 train.py', status: 'ran', stepHash: 'b'.repeat(64), deps: {}, params: {}, outs, durationMs: 1 },
      ],
      status: 'succeeded',
      startedAt: '2026-11-25T12:00:00.000Z',
      finishedAt: '2026-11-25T12:00:01.000Z',
      createdBy: 'tester',
    });
    await server.ctx.store.provenance.save({ versionId: version.id, pipelineRunId: 'RUN1', pipelineStep: 'train' });
    expect((await get()).pipeline_run).toEqual({
      run_id: 'RUN1',
      step: 'train',
      pipeline: 'examples/credit/pipeline.yaml',
      pipeline_sha256: 'a'.repeat(64),
      status: 'succeeded',
      git_commit: null,
      git_dirty: null,
      started_at: '2026-11-25T12:00:00.000Z',
      outs,
    });
  });
});
