import type { PipelineStep } from '../../core/pipelines/pipeline-definition.ts';
import { runOrder, stepEdges, type StepEdge } from '../../core/pipelines/pipeline-graph.ts';
import { loadPipeline } from './load-pipeline.ts';

export interface PipelineDag {
  readonly pipeline: string;
  /** In run order. */
  readonly steps: readonly PipelineStep[];
  readonly edges: readonly StepEdge[];
}

/** The checked pipeline's steps in run order and the files that link them (`pipeline dag`). */
export async function pipelineDag(file: string): Promise<PipelineDag> {
  const pipeline = await loadPipeline(file);
  return { pipeline: pipeline.name, steps: runOrder(pipeline.definition), edges: stepEdges(pipeline.definition.steps) };
}
