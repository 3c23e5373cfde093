import type { PipelineRunRecord, StepRunRecord } from './pipeline-definition.ts';
import { describeStaleReason, type StaleReason } from './step-state.ts';

/** A run as `ballast pipeline run --json` prints it (snake_case, as on the wire everywhere). */
export function pipelineRunWire(record: PipelineRunRecord) {
  return {
    run_id: record.id,
    pipeline: record.pipeline,
    status: record.status,
    ...(record.reproduces === undefined ? {} : { reproduces: record.reproduces }),
    steps: record.steps.map(stepRunWire),
  };
}

function stepRunWire(step: StepRunRecord) {
  return {
    name: step.name,
    status: step.status,
    step_hash: step.stepHash,
    outs: step.outs,
    duration_ms: step.durationMs,
    ...(step.registered === undefined
      ? {}
      : { registered: { model: step.registered.model, version: step.registered.version, version_id: step.registered.versionId } }),
    ...(step.error === undefined ? {} : { error: step.error }),
  };
}

/** A stale reason with its sentence, for `pipeline status --json`. */
export function staleReasonWire(reason: StaleReason) {
  return { ...reason, message: describeStaleReason(reason) };
}
