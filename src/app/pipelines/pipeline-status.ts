import path from 'node:path';
import type { StepRunRecord } from '../../core/pipelines/pipeline-definition.ts';
import { runOrder, upstreamOf } from '../../core/pipelines/pipeline-graph.ts';
import { paramValue } from '../../core/pipelines/parse-pipeline.ts';
import { describeStaleReason, staleReasons, type StaleReason } from '../../core/pipelines/step-state.ts';
import type { AppContext } from '../context.ts';
import { loadPipeline } from './load-pipeline.ts';
import { hashIfPresent, stepHashOf } from './step-files.ts';

export interface StepStatus {
  readonly name: string;
  /** Empty when the step is up to date. */
  readonly reasons: readonly StaleReason[];
  /** A stale step whose inputs ran before: `pipeline run` would restore it from the cache instead of running it. */
  readonly restorable: boolean;
  /** The run the comparison was made with, if any. */
  readonly lastRunId: string | null;
}

export interface PipelineStatus {
  readonly pipeline: string;
  readonly steps: readonly StepStatus[];
}

/** How many recent runs are searched for a step's last record. */
const RUNS_SEARCHED = 200;

/**
 * What `pipeline run` would do now, and why (DVC's `status`): each step, in run order, compared
 * with the last run of this pipeline file in which it ran or was restored — its command, its
 * dependencies' content, its parameters' values and its outputs on disk — and stale too when a step
 * it reads from is. Reads only: nothing is hashed into the store and nothing runs.
 */
export async function pipelineStatus(ctx: AppContext, file: string): Promise<PipelineStatus> {
  const pipeline = await loadPipeline(file);
  const runs = await ctx.store.pipelineRuns.list({ pipeline: pipeline.name, limit: RUNS_SEARCHED });
  const lastRecord = (step: string): { runId: string; record: StepRunRecord } | undefined => {
    for (const run of runs) {
      const record = run.steps.find((s) => s.name === step && (s.status === 'ran' || s.status === 'cached'));
      if (record !== undefined) return { runId: run.id, record };
    }
    return undefined;
  };

  const stale = new Set<string>();
  const steps: StepStatus[] = [];
  for (const step of runOrder(pipeline.definition)) {
    const deps: Record<string, string | null> = {};
    for (const dep of step.deps) deps[dep] = await hashIfPresent(path.join(pipeline.dir, dep));
    const outs: Record<string, string | null> = {};
    for (const out of step.outs) outs[out] = await hashIfPresent(path.join(pipeline.dir, out));
    const params = Object.fromEntries(step.params.map((key) => [key, paramValue(pipeline.paramsDocument, key)]));
    const inputs = { cmd: step.cmd, deps, params, outs: step.outs };
    const last = lastRecord(step.name);
    const upstream = upstreamOf(pipeline.definition, step.name).filter((u) => stale.has(u));
    const reasons = staleReasons(inputs, outs, last?.record, upstream);
    if (reasons.length > 0) stale.add(step.name);
    // A cache entry for the inputs as they are now means a run would restore the step, not run it;
    // while an upstream step is stale, this step's inputs are not known yet.
    const knowable = reasons.length > 0 && upstream.length === 0 && Object.values(deps).every((d) => d !== null);
    const stepHash = knowable ? stepHashOf(inputs) : undefined;
    const restorable = stepHash !== undefined && (await ctx.store.pipelineRuns.cached(stepHash)) !== undefined;
    steps.push({ name: step.name, reasons, restorable, lastRunId: last?.runId ?? null });
  }
  return { pipeline: pipeline.name, steps };
}

/** The status in `--json`: snake_case, each reason with its sentence. */
export function pipelineStatusView(status: PipelineStatus) {
  return {
    pipeline: status.pipeline,
    steps: status.steps.map((step) => ({
      name: step.name,
      stale: step.reasons.length > 0,
      reasons: step.reasons.map((reason) => ({ ...reason, message: describeStaleReason(reason) })),
      restorable: step.restorable,
      last_run_id: step.lastRunId,
    })),
  };
}
