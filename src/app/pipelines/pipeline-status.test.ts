import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeStaleReason } from '../../core/pipelines/step-state.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { testContext } from '../testing/test-context.ts';
import { pipelineStatus, pipelineStatusView, type PipelineStatus } from './pipeline-status.ts';
import { runPipeline } from './run-pipeline.ts';

const PIPELINE = `format: ballast.pipeline/v1
params: params.yaml
steps:
  - name: prepare
    cmd: sort raw.txt > sorted.txt
    deps: [raw.txt]
    outs: [sorted.txt]
  - name: train
    cmd: (cat sorted.txt; grep depth params.yaml) > model.txt
    deps: [sorted.txt]
    params: [train.depth]
    outs: [model.txt]
`;

const said = (status: PipelineStatus) =>
  Object.fromEntries(status.steps.map((s) => [s.name, [...s.reasons.map(describeStaleReason), ...(s.restorable ? ['restorable'] : [])]]));

for (const factory of storeFactories()) {
  describe(`pipelineStatus on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('says which steps are stale and why, compared with the last run of the file', async () => {
      const ctx = await testContext(factory);
      try {
        const dir = path.join(ctx.dir, 'project');
        mkdirSync(dir);
        const file = path.join(dir, 'pipeline.yaml');
        writeFileSync(file, PIPELINE);
        writeFileSync(path.join(dir, 'params.yaml'), 'train:\n  depth: 3\n');
        writeFileSync(path.join(dir, 'raw.txt'), 'b\na\n');

        expect(said(await pipelineStatus(ctx, file))).toEqual({ prepare: ['never ran'], train: ['never ran'] });
        const run = await runPipeline(ctx, { file });
        const fresh = await pipelineStatus(ctx, file);
        expect(said(fresh)).toEqual({ prepare: [], train: [] });
        expect(fresh.steps.map((s) => s.lastRunId)).toEqual([run.id, run.id]);

        writeFileSync(path.join(dir, 'raw.txt'), 'c\na\n');
        writeFileSync(path.join(dir, 'params.yaml'), 'train:\n  depth: 4\n');
        expect(said(await pipelineStatus(ctx, file))).toEqual({
          prepare: ['dep raw.txt changed'],
          train: ['param train.depth changed', 'upstream step prepare is stale'],
        });

        // Back to what ran: only the removed output is stale, and the cache can restore it.
        writeFileSync(path.join(dir, 'raw.txt'), 'b\na\n');
        writeFileSync(path.join(dir, 'params.yaml'), 'train:\n  depth: 3\n');
        rmSync(path.join(dir, 'model.txt'));
        const missing = await pipelineStatus(ctx, file);
        expect(said(missing)).toEqual({ prepare: [], train: ['out model.txt is missing', 'restorable'] });
        expect(pipelineStatusView(missing).steps[1]).toEqual({
          name: 'train',
          stale: true,
          reasons: [{ kind: 'out_missing', path: 'model.txt', message: 'out model.txt is missing' }],
          restorable: true,
          last_run_id: run.id,
        });

        writeFileSync(file, PIPELINE.replace('sort raw.txt', 'sort -r raw.txt'));
        expect(said(await pipelineStatus(ctx, file)).prepare).toEqual(['command changed']);
        rmSync(path.join(dir, 'sorted.txt'));
        expect(said(await pipelineStatus(ctx, file)).train).toEqual([
          'dep sorted.txt is missing',
          'out model.txt is missing',
          'upstream step prepare is stale',
        ]);
      } finally {
        await ctx.close();
      }
    });
  });
}
