import { afterAll, describe, expect, it } from 'vitest';
import type { PipelineRunRecord } from '../../core/pipelines/pipeline-definition.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { testContext } from '../testing/test-context.ts';
import { findPipelineRun, listPipelineRuns, pipelineRunView } from './pipeline-runs.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

function run(id: string, pipeline: string, startedAt: string): PipelineRunRecord {
  return {
    id,
    pipeline,
    pipelineSha256: 'a'.repeat(64),
    gitCommit: 'c0ffee',
    gitDirty: false,
    tools: { node: 'v20.20.2', python: 'Python 3.11.7', pipFreezeSha256: 'b'.repeat(64) },
    params: { seed: 7 },
    steps: [
      {
        name: 'train',
        cmd: 'python3 train.py',
        status: 'ran',
        stepHash: 'd'.repeat(64),
        deps: { 'train.csv': 'e'.repeat(64) },
        params: { seed: 7 },
        outs: { 'model.json': 'f'.repeat(64) },
        durationMs: 1200,
        registered: { model: 'credit', version: 3, versionId: 'V3' },
      },
    ],
    status: 'succeeded',
    startedAt,
    finishedAt: startedAt,
    createdBy: 'tester',
  };
}

describe('pipeline runs', () => {
  it('lists runs newest first, of one pipeline when asked, and finds one by id', async () => {
    const ctx = await testContext(factory);
    try {
      await ctx.store.pipelineRuns.save(run('R1', 'pipeline.yaml', '2026-12-01T00:00:00.000Z'));
      await ctx.store.pipelineRuns.save(run('R2', 'other/pipeline.yaml', '2026-12-02T00:00:00.000Z'));
      expect((await listPipelineRuns(ctx)).map((r) => r.id)).toEqual(['R2', 'R1']);
      expect((await listPipelineRuns(ctx, { pipeline: 'pipeline.yaml' })).map((r) => r.id)).toEqual(['R1']);
      expect((await listPipelineRuns(ctx, { limit: 1 })).map((r) => r.id)).toEqual(['R2']);
      expect((await findPipelineRun(ctx, 'R1')).params).toEqual({ seed: 7 });
      await expect(findPipelineRun(ctx, 'nope')).rejects.toMatchObject({ code: 'pipeline_run_not_found' });
      await expect(listPipelineRuns(ctx, { limit: 0 })).rejects.toMatchObject({ code: 'invalid_argument' });
    } finally {
      await ctx.close();
    }
  });

  it('shows a run in snake_case with what each step registered', () => {
    const view = pipelineRunView(run('R1', 'pipeline.yaml', 't'));
    expect(view).toMatchObject({ git_commit: 'c0ffee', tools: { pip_freeze_sha256: 'b'.repeat(64) }, reproduces: null });
    expect(view.steps[0]).toMatchObject({ step_hash: 'd'.repeat(64), duration_ms: 1200, registered: { version_id: 'V3' }, error: null });
  });
});
