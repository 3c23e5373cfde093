import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import type { PipelineRunRecord, StepRunRecord } from '../../core/pipelines/pipeline-definition.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import type { AppContext } from '../context.ts';
import { registerModel } from '../register-model.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import { reproduceVersion, type PipelineRunner } from './reproduce.ts';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const MODEL = readFileSync(path.join(EXAMPLES, 'model.xgb.json'));

function step(name: string, deps: Record<string, string>, outs: Record<string, string>): StepRunRecord {
  return { name, cmd: `python3 ${name}.py`, status: 'ran', stepHash: name.padEnd(64, '0'), deps, params: {}, outs, durationMs: 1 };
}

/** A version registered by a recorded run: the run's source and outputs are in the artifact store. */
async function recordedVersion(ctx: AppContext & { dir: string }): Promise<PipelineRunRecord> {
  const put = async (text: string | Buffer) => (await ctx.artifacts.putBytes(Buffer.from(text))).sha256;
  const record: PipelineRunRecord = {
    id: 'RUN1',
    pipeline: 'pipeline.yaml',
    pipelineSha256: await put('format: ballast.pipeline/v1\n'),
    gitCommit: null,
    gitDirty: null,
    tools: { node: process.version, python: null, pipFreezeSha256: null },
    params: {},
    steps: [
      step('prepare', { 'prepare.py': await put('prepare') }, { 'data.csv': sha256('x\n1\n') }),
      step('train', { 'train.py': await put('train'), 'data.csv': sha256('x\n1\n') }, { 'model.xgb.json': sha256(MODEL) }),
    ],
    status: 'succeeded',
    startedAt: '2026-11-25T12:00:00.000Z',
    finishedAt: '2026-11-25T12:00:01.000Z',
    createdBy: 'tester',
  };
  await ctx.store.pipelineRuns.save(record);
  const file = path.join(ctx.dir, 'model.xgb.json');
  writeFileSync(file, MODEL);
  const { version } = await registerModel(ctx, { name: 'credit-risk', modelFile: file, importance: false });
  await ctx.store.provenance.save({ versionId: version.id, pipelineRunId: record.id, pipelineStep: 'train' });
  return record;
}

/** Stands in for runPipeline: checks the clean workspace, then "writes" outputs with the given model bytes. */
function fakeRunner(model: Buffer, seen: { workspace?: string; files?: string[] }): PipelineRunner {
  return async (_ctx, options) => {
    seen.workspace = options.workspace;
    seen.files = ['pipeline.yaml', 'prepare.py', 'train.py'].filter((f) => existsSync(path.join(options.workspace, f)));
    expect(options).toMatchObject({ noCache: true, reproduces: 'RUN1', file: path.join(options.workspace, 'pipeline.yaml') });
    return {
      ...(await _ctx.store.pipelineRuns.find('RUN1'))!,
      id: 'RUN2',
      reproduces: 'RUN1',
      steps: [step('prepare', {}, { 'data.csv': sha256('x\n1\n') }), step('train', {}, { 'model.xgb.json': sha256(model) })],
    };
  };
}

for (const factory of storeFactories()) {
  describe(`reproduceVersion on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('reruns the recorded run in a clean workspace it removes after, and finds every output identical', async () => {
      const ctx = await testContext(factory);
      try {
        await recordedVersion(ctx);
        const seen: { workspace?: string; files?: string[] } = {};
        const result = await reproduceVersion(ctx, 'credit-risk:1', fakeRunner(MODEL, seen));
        expect(seen.files).toEqual(['pipeline.yaml', 'prepare.py', 'train.py']);
        expect(existsSync(seen.workspace!)).toBe(false);
        expect(result).toMatchObject({
          model: 'credit-risk',
          version: 1,
          runId: 'RUN1',
          reproducedRunId: 'RUN2',
          identical: true,
          differing: [],
        });
        expect(result.files.map((f) => f.path)).toEqual(['data.csv', 'model.xgb.json']);
        expect(result.artifact).toEqual({ step: 'train', path: 'model.xgb.json', recorded: sha256(MODEL), reproduced: sha256(MODEL) });
      } finally {
        await ctx.close();
      }
    });

    it('names the model file when the trainer wrote other bytes', async () => {
      const ctx = await testContext(factory);
      try {
        await recordedVersion(ctx);
        const other = Buffer.concat([MODEL, Buffer.from(' ')]);
        const result = await reproduceVersion(ctx, 'credit-risk:1', fakeRunner(other, {}));
        expect(result.identical).toBe(false);
        expect(result.differing).toEqual([{ step: 'train', path: 'model.xgb.json', recorded: sha256(MODEL), reproduced: sha256(other) }]);
      } finally {
        await ctx.close();
      }
    });

    it('answers pipeline_run_not_found for a version no run registered, or whose run is not recorded', async () => {
      const ctx = await testContext(factory);
      try {
        const file = path.join(ctx.dir, 'model.xgb.json');
        writeFileSync(file, MODEL);
        const { version } = await registerModel(ctx, { name: 'by-hand', modelFile: file, importance: false });
        const never: PipelineRunner = () => Promise.reject(new Error('must not run'));
        const error = await reproduceVersion(ctx, 'by-hand:1', never).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BallastError);
        expect((error as BallastError).code).toBe('pipeline_run_not_found');
        expect((error as BallastError).message).toMatch(/by-hand:1 was not registered by a pipeline run/);

        await ctx.store.provenance.save({ versionId: version.id, pipelineRunId: 'GONE', pipelineStep: 'train' });
        const gone = await reproduceVersion(ctx, 'by-hand:1', never).catch((e: unknown) => e);
        expect((gone as BallastError).code).toBe('pipeline_run_not_found');
        expect((gone as BallastError).message).toMatch(/pipeline run GONE, which is not recorded/);
      } finally {
        await ctx.close();
      }
    });
  });
}
