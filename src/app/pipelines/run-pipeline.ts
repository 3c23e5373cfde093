import path from 'node:path';
import { BallastError } from '../../core/errors.ts';
import type { PipelineRunRecord, PipelineStep, StepRunRecord } from '../../core/pipelines/pipeline-definition.ts';
import { outputProducers, runOrder } from '../../core/pipelines/pipeline-graph.ts';
import { paramValue } from '../../core/pipelines/parse-pipeline.ts';
import { auditedTransaction } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { captureEnvironment } from './capture-environment.ts';
import { changedFiles, scanDirectory } from './directory-scan.ts';
import { loadPipeline, type LoadedPipeline } from './load-pipeline.ts';
import { runStepCommand } from './run-step-command.ts';
import { allStored, hashIfPresent, removeFiles, restoreFiles, stepHashOf, storeFiles } from './step-files.ts';

/**
 * Registers the model a `register` step made (app/pipelines/register-step.ts): called once the step
 * ran or was restored from the cache, with the pipeline's directory, the run's id and the step's
 * outputs' sha256 by path.
 */
export type RegisterHook = (
  step: PipelineStep,
  context: { readonly dir: string; readonly runId: string; readonly outs: Readonly<Record<string, string>> },
) => Promise<{ model: string; version: number; versionId: string }>;

export interface RunPipelineOptions {
  /** The pipeline file (`ballast.pipeline/v1`). */
  readonly file: string;
  /** Run every step, whatever the cache holds (a reproduction). */
  readonly noCache?: boolean;
  /** Run in this directory instead of the pipeline file's (a reproduction's clean copy). */
  readonly workspace?: string;
  /** The id of the run this one reproduces, recorded with it. */
  readonly reproduces?: string;
  /** Without it, `register` steps run but register nothing. */
  readonly register?: RegisterHook;
  /** Told of each step as it finishes (ran, cached or failed), for progress output. */
  readonly onStep?: (step: StepRunRecord) => void;
}

/**
 * Runs a pipeline as DVC's `repro` does: the steps in dependency order, each either restored from
 * the cache — when a step with the same command, dependencies' content, parameters' values and
 * outputs' names ran before and its outputs are still in the artifact store — or run with `sh -c`
 * in the pipeline's directory. A step must write every output it declares and nothing else of the
 * directory (`undeclared_output`). The first failure stops the run; the steps that finished keep
 * their cached outputs, and the run is recorded either way (audited `pipeline.run`) before the
 * error is thrown. The pipeline file, the params file, the sources (dependencies no step writes)
 * and the outputs are all kept in the artifact store, so the run can be reproduced from its record.
 */
export async function runPipeline(ctx: AppContext, options: RunPipelineOptions): Promise<PipelineRunRecord> {
  const pipeline = await loadPipeline(options.file, options.workspace);
  const runId = ctx.newId();
  const startedAt = ctx.clock().toISOString();
  const pipelineSha256 = (await ctx.artifacts.putBytes(pipeline.bytes)).sha256;
  // Before any step runs: whether the directory was dirty is about the code, not the outputs a step rewrites.
  const environment = await captureEnvironment(pipeline.dir);
  const paramsFile = pipeline.definition.paramsFile;
  const paramsRecord =
    paramsFile === undefined
      ? {}
      : { paramsFile: { path: paramsFile, sha256: (await storeFiles(ctx.artifacts, pipeline.dir, [paramsFile]))[paramsFile]! } };

  const steps: StepRunRecord[] = [];
  let failure: unknown;
  for (const step of runOrder(pipeline.definition)) {
    if (failure !== undefined) {
      steps.push({ name: step.name, cmd: step.cmd, status: 'not_run', stepHash: '', deps: {}, params: {}, outs: {}, durationMs: 0 });
      continue;
    }
    const result = await runOneStep(ctx, pipeline, step, runId, options);
    steps.push(result.record);
    options.onStep?.(result.record);
    failure = result.error;
  }

  const record: PipelineRunRecord = {
    id: runId,
    pipeline: pipeline.name,
    pipelineSha256,
    ...environment,
    params: pipeline.paramsDocument,
    ...paramsRecord,
    steps,
    status: failure === undefined ? 'succeeded' : 'failed',
    ...(options.reproduces === undefined ? {} : { reproduces: options.reproduces }),
    startedAt,
    finishedAt: ctx.clock().toISOString(),
    createdBy: ctx.actor,
  };
  await auditedTransaction(ctx, async (tx, audit) => {
    await tx.pipelineRuns.save(record);
    await audit({
      action: 'pipeline.run',
      objectType: 'pipeline_run',
      objectId: runId,
      details: {
        pipeline: record.pipeline,
        pipelineSha256,
        status: record.status,
        steps: Object.fromEntries(steps.map((s) => [s.name, s.status])),
        ...(options.reproduces === undefined ? {} : { reproduces: options.reproduces }),
      },
    });
  });
  if (failure !== undefined) throw failure;
  return record;
}

interface StepOutcome {
  readonly record: StepRunRecord;
  readonly error?: unknown;
}

async function runOneStep(
  ctx: AppContext,
  pipeline: LoadedPipeline,
  step: PipelineStep,
  runId: string,
  options: RunPipelineOptions,
): Promise<StepOutcome> {
  const started = performance.now();
  const producers = outputProducers(pipeline.definition.steps);
  const sources = step.deps.filter((dep) => !producers.has(dep));
  const deps: Record<string, string> = await storeFiles(ctx.artifacts, pipeline.dir, sources);
  for (const dep of step.deps) {
    if (deps[dep] !== undefined) continue;
    const sha256 = await hashIfPresent(path.join(pipeline.dir, dep));
    // An earlier step declared it and was checked to write it; only a file removed since can be missing.
    if (sha256 === null) {
      const message = `step ${step.name} cannot run: its dependency ${dep} disappeared after step ${producers.get(dep)} wrote it`;
      const record: StepRunRecord = {
        name: step.name,
        cmd: step.cmd,
        status: 'failed',
        stepHash: '',
        deps,
        params: {},
        outs: {},
        durationMs: 0,
        error: message,
      };
      return { record, error: new BallastError('pipeline_step_failed', message) };
    }
    deps[dep] = sha256;
  }
  const params = Object.fromEntries(step.params.map((key) => [key, paramValue(pipeline.paramsDocument, key)]));
  const stepHash = stepHashOf({ cmd: step.cmd, deps, params, outs: step.outs });
  const base = { name: step.name, cmd: step.cmd, stepHash, deps, params };
  const finish = (fields: Partial<StepRunRecord> & Pick<StepRunRecord, 'status' | 'outs'>): StepRunRecord => ({
    ...base,
    ...fields,
    durationMs: Math.round(performance.now() - started),
  });

  const cached = options.noCache ? undefined : await ctx.store.pipelineRuns.cached(stepHash);
  let outs: Record<string, string>;
  let status: 'ran' | 'cached';
  if (cached !== undefined && (await allStored(ctx.artifacts, cached.outs))) {
    await restoreFiles(ctx.artifacts, pipeline.dir, cached.outs);
    outs = { ...cached.outs };
    status = 'cached';
  } else {
    const ran = await executeStep(ctx, pipeline, step);
    if ('error' in ran) return { record: finish({ status: 'failed', outs: {}, error: ran.tail }), error: ran.error };
    outs = await storeFiles(ctx.artifacts, pipeline.dir, step.outs);
    await ctx.store.pipelineRuns.cache({ stepHash, stepName: step.name, outs, runId, createdAt: ctx.clock().toISOString() });
    status = 'ran';
  }

  if (step.register === undefined || options.register === undefined) return { record: finish({ status, outs }) };
  try {
    const registered = await options.register(step, { dir: pipeline.dir, runId, outs });
    return { record: finish({ status, outs, registered }) };
  } catch (error) {
    return { record: finish({ status: 'failed', outs, error: `registering ${step.register.model}: ${(error as Error).message}` }), error };
  }
}

/**
 * Runs the step's command with its declared outputs removed first, and checks after it that it
 * exited 0, wrote every declared output and changed no other file of the directory.
 */
async function executeStep(
  ctx: AppContext,
  pipeline: LoadedPipeline,
  step: PipelineStep,
): Promise<{ ok: true } | { error: BallastError; tail: string }> {
  await removeFiles(pipeline.dir, step.outs);
  const exclude = [ctx.dataDir];
  const before = await scanDirectory(pipeline.dir, exclude);
  const result = await runStepCommand(step.cmd, pipeline.dir);
  const after = await scanDirectory(pipeline.dir, exclude);
  if (result.exitCode !== 0) {
    const how = result.signal !== null ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
    return {
      error: new BallastError('pipeline_step_failed', `step ${step.name} failed: \`${step.cmd}\` ${how}${outputTail(result.tail)}`),
      tail: result.tail,
    };
  }
  const missing = step.outs.filter((out) => !after.has(out));
  if (missing.length > 0) {
    const message = `step ${step.name} did not write its declared output${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`;
    return { error: new BallastError('pipeline_step_failed', `${message}${outputTail(result.tail)}`), tail: result.tail };
  }
  const undeclared = changedFiles(before, after).filter((change) => !step.outs.includes(change.path));
  if (undeclared.length > 0) {
    const list = undeclared.map((c) => `${c.path} (${c.change})`).join(', ');
    return {
      error: new BallastError(
        'undeclared_output',
        `step ${step.name} changed files it does not declare in its outs: ${list}; add them to outs, or write them outside the pipeline's directory`,
      ),
      tail: result.tail,
    };
  }
  return { ok: true };
}

/** The last lines of a failed step's output, for the error message (the record keeps the whole tail). */
function outputTail(tail: string): string {
  const lines = tail.trimEnd().split('\n');
  if (lines.length === 1 && lines[0] === '') return ' (no output)';
  return `; its output ended with:\n${lines.slice(-20).join('\n')}`;
}
