import type { LoadedModel } from '../../src/runtime/model-runtime.ts';
import { compileInstanceReader } from '../../src/runtime/read-instances.ts';

export interface ModelCost {
  /** Median time of a 1-row predict, in ms. */
  readonly oneRowMs: number;
  /** Median time per row of a 64-row predict, in ms. */
  readonly batchedRowMs: number;
}

function medianOf(times: number[]): number {
  return [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

async function time(model: LoadedModel, batch: Parameters<LoadedModel['predict']>[0], calls: number): Promise<number> {
  for (let i = 0; i < Math.min(50, calls); i++) await model.predict(batch);
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await model.predict(batch);
    times.push(performance.now() - started);
  }
  return medianOf(times);
}

/**
 * What the model itself costs in this process (no HTTP, no threads): the floor under any server's
 * latency, and how much cheaper a row gets in a batch (what batching can win at most).
 */
export async function measureModelCost(model: LoadedModel, instances: readonly Record<string, unknown>[]): Promise<ModelCost> {
  const read = compileInstanceReader(model.signature.inputs);
  const oneRowMs = await time(model, read(instances.slice(0, 1)), 400);
  const batchedRowMs = (await time(model, read(instances.slice(0, 64)), 60)) / 64;
  return { oneRowMs, batchedRowMs };
}
