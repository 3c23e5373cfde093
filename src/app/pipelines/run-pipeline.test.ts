import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PipelineRunRecord } from '../../core/pipelines/pipeline-definition.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { testContext } from '../testing/test-context.ts';
import { runPipeline, type RegisterHook } from './run-pipeline.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// Two steps of plain shell, so the engine is tested without Python: `upper` reads a source file and
// one parameter, `count` reads upper's output. Each appends its name to ../ran.log (outside the
// pipeline's directory, so not an output) to show whether it really ran.
const PIPELINE = `format: ballast.pipeline/v1
params: params.yaml
steps:
  - name: count
    cmd: wc -c < upper.txt > count.txt && echo count >> ../ran.log
    deps: [upper.txt]
    outs: [count.txt]
  - name: upper
    cmd: (tr a-z A-Z < raw.txt; grep '^suffix' params.yaml) > upper.txt && echo upper >> ../ran.log
    deps: [raw.txt]
    params: [suffix]
    outs: [upper.txt]
`;

function project(root: string, pipeline = PIPELINE): string {
  const dir = path.join(root, 'project');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'pipeline.yaml'), pipeline);
  writeFileSync(path.join(dir, 'params.yaml'), 'suffix: a\nunused: 1\n');
  writeFileSync(path.join(dir, 'raw.txt'), 'abc\n');
  return dir;
}

/** The steps that ran since the last call, in the order they ran. */
function ranSince(root: string): string[] {
  const log = path.join(root, 'ran.log');
  if (!existsSync(log)) return [];
  const ran = readFileSync(log, 'utf8').trim().split('\n');
  rmSync(log);
  return ran;
}

const statuses = (record: PipelineRunRecord) => Object.fromEntries(record.steps.map((s) => [s.name, s.status]));

for (const factory of storeFactories()) {
  describe(`runPipeline on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('runs the steps in dependency order, then restores unchanged steps from the cache, and records every run', async () => {
      const ctx = await testContext(factory);
      try {
        const dir = project(ctx.dir);
        const file = path.join(dir, 'pipeline.yaml');
        const first = await runPipeline(ctx, { file });
        expect(ranSince(ctx.dir)).toEqual(['upper', 'count']);
        expect(first.status).toBe('succeeded');
        expect(first.steps.map((s) => [s.name, s.status])).toEqual([
          ['upper', 'ran'],
          ['count', 'ran'],
        ]);
        const upper = readFileSync(path.join(dir, 'upper.txt'), 'utf8');
        expect(upper).toBe('ABC\nsuffix: a\n');
        expect(first.steps[0]!.outs).toEqual({ 'upper.txt': sha256(upper) });
        expect(first.steps[0]!.deps).toEqual({ 'raw.txt': sha256('abc\n') });
        expect(first.steps[0]!.params).toEqual({ suffix: 'a' });
        expect(first.steps[1]!.deps).toEqual({ 'upper.txt': sha256(upper) });
        expect(first.params).toEqual({ suffix: 'a', unused: 1 });
        expect(first.paramsFile).toEqual({ path: 'params.yaml', sha256: sha256('suffix: a\nunused: 1\n') });
        expect(first.pipelineSha256).toBe(sha256(PIPELINE));
        // The pipeline file, params file and source are kept, so the run can be rebuilt from its record.
        for (const hash of [first.pipelineSha256, first.paramsFile!.sha256, sha256('abc\n'), sha256(upper)])
          expect(await ctx.artifacts.has(hash)).toBe(true);
        expect(await ctx.store.pipelineRuns.find(first.id)).toEqual(first);
        const audit = await ctx.store.audit.list();
        expect(audit.at(-1)).toMatchObject({ action: 'pipeline.run', objectId: first.id, details: { status: 'succeeded' } });

        const second = await runPipeline(ctx, { file });
        expect(ranSince(ctx.dir)).toEqual([]);
        expect(statuses(second)).toEqual({ upper: 'cached', count: 'cached' });
        expect(second.steps.map((s) => s.stepHash)).toEqual(first.steps.map((s) => s.stepHash));

        // A removed output comes back from the cache without running anything.
        rmSync(path.join(dir, 'count.txt'));
        const restored = await runPipeline(ctx, { file });
        expect(ranSince(ctx.dir)).toEqual([]);
        expect(statuses(restored)).toEqual({ upper: 'cached', count: 'cached' });
        expect(readFileSync(path.join(dir, 'count.txt'), 'utf8').trim()).toBe(String(upper.length));

        // --no-cache runs everything.
        const forced = await runPipeline(ctx, { file, noCache: true });
        expect(ranSince(ctx.dir)).toEqual(['upper', 'count']);
        expect(statuses(forced)).toEqual({ upper: 'ran', count: 'ran' });
        expect((await ctx.store.pipelineRuns.list()).map((r) => r.id)).toEqual([forced.id, restored.id, second.id, first.id]);
      } finally {
        await ctx.close();
      }
    });

    it('reruns a step when its dependency, parameter or command changes, and a later step only when its input content changed', async () => {
      const ctx = await testContext(factory);
      try {
        const dir = project(ctx.dir);
        const file = path.join(dir, 'pipeline.yaml');
        await runPipeline(ctx, { file });
        ranSince(ctx.dir);

        // Upper-cased, "ABC" is what "abc" was: upper reruns, count finds the same input and is cached.
        writeFileSync(path.join(dir, 'raw.txt'), 'ABC\n');
        expect(statuses(await runPipeline(ctx, { file }))).toEqual({ upper: 'ran', count: 'cached' });
        expect(ranSince(ctx.dir)).toEqual(['upper']);

        writeFileSync(path.join(dir, 'params.yaml'), 'suffix: a\nunused: 2\n');
        expect(statuses(await runPipeline(ctx, { file }))).toEqual({ upper: 'cached', count: 'cached' });
        expect(ranSince(ctx.dir)).toEqual([]);

        writeFileSync(path.join(dir, 'params.yaml'), 'suffix: bb\nunused: 2\n');
        expect(statuses(await runPipeline(ctx, { file }))).toEqual({ upper: 'ran', count: 'ran' });
        expect(ranSince(ctx.dir)).toEqual(['upper', 'count']);

        // Going back to an earlier state is a cache hit for both steps: outputs come back by content hash.
        writeFileSync(path.join(dir, 'params.yaml'), 'suffix: a\nunused: 2\n');
        expect(statuses(await runPipeline(ctx, { file }))).toEqual({ upper: 'cached', count: 'cached' });
        expect(ranSince(ctx.dir)).toEqual([]);
        expect(readFileSync(path.join(dir, 'upper.txt'), 'utf8')).toBe('ABC\nsuffix: a\n');

        writeFileSync(file, PIPELINE.replace('wc -c < upper.txt', 'wc -l < upper.txt'));
        expect(statuses(await runPipeline(ctx, { file }))).toEqual({ upper: 'cached', count: 'ran' });
        expect(readFileSync(path.join(dir, 'count.txt'), 'utf8').trim()).toBe('2');
      } finally {
        await ctx.close();
      }
    });

    it('stops at a failing step with its output, records the failed run, and keeps the earlier steps cached', async () => {
      const ctx = await testContext(factory);
      try {
        const failing = PIPELINE.replace('wc -c < upper.txt > count.txt', 'echo "training blew up" >&2; exit 3');
        const dir = project(ctx.dir, failing);
        const file = path.join(dir, 'pipeline.yaml');
        const error = await runPipeline(ctx, { file }).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'pipeline_step_failed' });
        expect((error as Error).message).toContain('step count failed');
        expect((error as Error).message).toContain('exited with code 3');
        expect((error as Error).message).toContain('training blew up');
        const [run] = await ctx.store.pipelineRuns.list();
        expect(run!.status).toBe('failed');
        expect(statuses(run!)).toEqual({ upper: 'ran', count: 'failed' });
        expect(run!.steps[1]!.error).toContain('training blew up');
        expect((await ctx.store.audit.list()).at(-1)).toMatchObject({ action: 'pipeline.run', details: { status: 'failed' } });

        writeFileSync(file, PIPELINE);
        ranSince(ctx.dir);
        expect(statuses(await runPipeline(ctx, { file }))).toEqual({ upper: 'cached', count: 'ran' });
      } finally {
        await ctx.close();
      }
    });

    it('marks the steps after a failure not run', async () => {
      const ctx = await testContext(factory);
      try {
        const dir = project(ctx.dir, PIPELINE.replace("(tr a-z A-Z < raw.txt; grep '^suffix' params.yaml) > upper.txt", 'false'));
        await expect(runPipeline(ctx, { file: path.join(dir, 'pipeline.yaml') })).rejects.toMatchObject({ code: 'pipeline_step_failed' });
        const [run] = await ctx.store.pipelineRuns.list();
        expect(statuses(run!)).toEqual({ upper: 'failed', count: 'not_run' });
      } finally {
        await ctx.close();
      }
    });

    it('fails a step that does not write a declared output', async () => {
      const ctx = await testContext(factory);
      try {
        const dir = project(ctx.dir, PIPELINE.replace('wc -c < upper.txt > count.txt', 'wc -c < upper.txt > /dev/null'));
        const error = await runPipeline(ctx, { file: path.join(dir, 'pipeline.yaml') }).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'pipeline_step_failed' });
        expect((error as Error).message).toContain('did not write its declared output count.txt');
      } finally {
        await ctx.close();
      }
    });

    it('refuses a step that writes, changes or deletes a file of the directory it does not declare', async () => {
      const ctx = await testContext(factory);
      try {
        for (const [command, named] of [
          ['wc -c < upper.txt > count.txt && echo side > notes/side.txt', 'notes/side.txt (created)'],
          ['wc -c < upper.txt > count.txt && echo more >> raw.txt', 'raw.txt (modified)'],
          ['wc -c < upper.txt > count.txt && rm params.yaml', 'params.yaml (deleted)'],
        ] as const) {
          const dir = project(ctx.dir, PIPELINE.replace('wc -c < upper.txt > count.txt', command));
          mkdirSync(path.join(dir, 'notes'), { recursive: true });
          // Tools' own directories are not the pipeline's files.
          mkdirSync(path.join(dir, '__pycache__'), { recursive: true });
          const error = await runPipeline(ctx, { file: path.join(dir, 'pipeline.yaml'), noCache: true }).catch((e: unknown) => e);
          expect(error, command).toMatchObject({ code: 'undeclared_output' });
          expect((error as Error).message).toContain(named);
          rmSync(dir, { recursive: true });
        }
        const dir = project(
          ctx.dir,
          PIPELINE.replace('wc -c < upper.txt > count.txt', 'wc -c < upper.txt > count.txt && touch __pycache__/x.pyc'),
        );
        mkdirSync(path.join(dir, '__pycache__'));
        expect((await runPipeline(ctx, { file: path.join(dir, 'pipeline.yaml') })).status).toBe('succeeded');
      } finally {
        await ctx.close();
      }
    });

    it('calls the register hook after a register step ran or was restored, and records the version', async () => {
      const ctx = await testContext(factory);
      try {
        const dir = project(
          ctx.dir,
          PIPELINE.replace(
            'outs: [count.txt]',
            'outs: [count.txt]\n    register: {model: counter, file: count.txt, training_data: upper.txt}',
          ),
        );
        const calls: { step: string; runId: string; outs: Readonly<Record<string, string>> }[] = [];
        let version = 0;
        const register: RegisterHook = async (step, context) => {
          expect(context.dir).toBe(dir);
          calls.push({ step: step.name, runId: context.runId, outs: context.outs });
          return { model: step.register!.model, version: ++version, versionId: `v${version}` };
        };
        const file = path.join(dir, 'pipeline.yaml');
        const first = await runPipeline(ctx, { file, register });
        const second = await runPipeline(ctx, { file, register });
        expect(calls.map((c) => [c.step, c.runId])).toEqual([
          ['count', first.id],
          ['count', second.id],
        ]);
        expect(calls[0]!.outs).toEqual(first.steps[1]!.outs);
        expect(first.steps[1]!.registered).toEqual({ model: 'counter', version: 1, versionId: 'v1' });
        expect(second.steps[1]).toMatchObject({ status: 'cached', registered: { version: 2 } });
        expect(first.steps[0]!.registered).toBeUndefined();

        // Without a hook (a reproduction) the step runs and registers nothing.
        const bare = await runPipeline(ctx, { file });
        expect(bare.steps[1]!.registered).toBeUndefined();
      } finally {
        await ctx.close();
      }
    });

    it('runs a copy of the pipeline in a workspace, recording what it reproduces', async () => {
      const ctx = await testContext(factory);
      try {
        const original = project(ctx.dir);
        const recorded = await runPipeline(ctx, { file: path.join(original, 'pipeline.yaml') });
        const workspace = path.join(ctx.dir, 'workspace');
        mkdirSync(workspace);
        for (const name of ['pipeline.yaml', 'params.yaml', 'raw.txt'])
          writeFileSync(path.join(workspace, name), readFileSync(path.join(original, name)));
        const copy = await runPipeline(ctx, {
          file: path.join(workspace, 'pipeline.yaml'),
          workspace,
          noCache: true,
          reproduces: recorded.id,
        });
        expect(copy.reproduces).toBe(recorded.id);
        expect(copy.steps.map((s) => s.outs)).toEqual(recorded.steps.map((s) => s.outs));
        expect(existsSync(path.join(workspace, 'count.txt'))).toBe(true);
      } finally {
        await ctx.close();
      }
    });
  });
}
