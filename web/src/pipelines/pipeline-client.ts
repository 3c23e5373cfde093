import type { Send } from '../api/rollout-client.ts';
import type { PipelineRun } from './pipeline-types.ts';

/** The pipeline-run routes, part of the ApiClient. */
export interface PipelineApi {
  /** Recorded runs, newest first. */
  pipelineRuns(signal?: AbortSignal): Promise<{ runs: PipelineRun[] }>;
  /** Rejects with code `pipeline_run_not_found` for an unknown id. */
  pipelineRun(id: string, signal?: AbortSignal): Promise<PipelineRun>;
}

export function pipelineMethods(send: Send): PipelineApi {
  return {
    pipelineRuns: (signal) => send('GET', '/v1/pipeline-runs?limit=100', undefined, signal),
    pipelineRun: (id, signal) => send('GET', `/v1/pipeline-runs/${encodeURIComponent(id)}`, undefined, signal),
  };
}
