import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import type { PipelineRunRecord, PipelineStep } from '../../core/pipelines/pipeline-definition.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { describeVersion } from '../lineage.ts';
import { registerModel } from '../register-model.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import { pipelineRegisterHook } from './register-step.ts';

const step: PipelineStep = {
  name: 'train',
  cmd: 'python3 train.py',
  deps: ['train.py', 'train.csv'],
  params: [],
  outs: ['model.xgb.json'],
  register: { model: 'credit-risk', file: 'model.xgb.json', trainingData: 'train.csv', label: 'default', alias: 'candidate' },
};

function runRecord(id: string, outs: Record<string, string>): PipelineRunRecord {
  return {
    id,
    pipeline: 'examples/credit/pipeline.yaml',
    pipelineSha256: 'a'.repeat(64),
    gitCommit: 'b'.repeat(40),
    gitDirty: false,
    tools: { node: process.version, python: '3.11.7', pipFreezeSha256: null },
    params: {},
    steps: [{ name: 'train', cmd: step.cmd, status: 'ran', stepHash: 'c'.repeat(64), deps: {}, params: {}, outs, durationMs: 10 }],
    status: 'succeeded',
    startedAt: '2026-11-25T12:00:00.000Z',
    finishedAt: '2026-11-25T12:00:01.000Z',
    createdBy: 'tester',
  };
}

for (const factory of storeFactories()) {
  describe(`the pipeline register hook on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it("registers the step's model with its training data and links the version to the run and step", async () => {
      const ctx = await testContext(factory);
      const dir = mkdtempSync(path.join(tmpdir(), 'ballast-register-step-'));
      try {
        copyFileSync(path.join(EXAMPLES, 'model.xgb.json'), path.join(dir, 'model.xgb.json'));
        copyFileSync(path.join(EXAMPLES, 'train.csv'), path.join(dir, 'train.csv'));
        const outs = { 'model.xgb.json': 'd'.repeat(64) };
        const registered = await pipelineRegisterHook(ctx)(step, { dir, runId: 'RUN1', outs });
        expect(registered).toMatchObject({ model: 'credit-risk', version: 1 });

        await ctx.store.pipelineRuns.save(runRecord('RUN1', outs));
        const lineage = await describeVersion(ctx, 'credit-risk@candidate');
        expect(lineage.version.id).toBe(registered.versionId);
        expect(lineage.snapshot?.labelColumn).toBe('default');
        expect(lineage.snapshot?.rowCount).toBe(20000);
        expect(lineage.pipelineRun).toEqual({
          runId: 'RUN1',
          step: 'train',
          pipeline: 'examples/credit/pipeline.yaml',
          pipelineSha256: 'a'.repeat(64),
          status: 'succeeded',
          gitCommit: 'b'.repeat(40),
          gitDirty: false,
          startedAt: '2026-11-25T12:00:00.000Z',
          outs,
        });
        expect(await ctx.store.provenance.find(registered.versionId)).toMatchObject({ pipelineRunId: 'RUN1', pipelineStep: 'train' });
        const audit = await ctx.store.audit.list();
        expect(audit.map((e) => e.action)).toContain('model.provenance.pipeline');

        // A version registered by hand has no pipeline run in its lineage.
        await registerModel(ctx, { name: 'credit-risk', modelFile: path.join(dir, 'model.xgb.json'), importance: false });
        expect((await describeVersion(ctx, 'credit-risk:2')).pipelineRun).toBeUndefined();
      } finally {
        await ctx.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);

    it('refuses to register a file the step did not write', async () => {
      const ctx = await testContext(factory);
      try {
        const hook = pipelineRegisterHook(ctx);
        const error = await hook(step, { dir: ctx.dir, runId: 'RUN2', outs: { 'other.json': 'e'.repeat(64) } }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BallastError);
        expect((error as BallastError).message).toMatch(/model\.xgb\.json, which is not one of its outputs/);
        expect(await ctx.store.models.findByName('credit-risk')).toBeUndefined();
      } finally {
        await ctx.close();
      }
    });
  });
}
