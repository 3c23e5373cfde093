import type { ModelSignature } from '../../core/signature.ts';
import type { FeatureBatch, LoadedModel } from '../model-runtime.ts';

/** Rows whose every feature is missing: valid input for every model, with no data needed at load. */
export function missingRows(signature: ModelSignature, rowCount: number): FeatureBatch {
  return {
    rowCount,
    columns: signature.inputs.map((feature) =>
      feature.type === 'string' ? new Array<string | null>(rowCount).fill(null) : new Float64Array(rowCount).fill(Number.NaN),
    ),
  };
}

/**
 * The median time, in ms, of predicting `rowCount` rows of missing values in this thread. Used
 * once at load, when the deployment's data is not at hand; a tree walks its default branches and
 * a network does all its arithmetic, so the figure is close to a real row's. Timing stops after
 * `budgetMs` (at least 3 calls), so a slow model is not run hundreds of times to learn it is slow.
 * Rejects if the model refuses such rows: then nothing is known about its cost.
 */
export async function medianPredictMs(
  model: LoadedModel,
  rowCount: number,
  options: { readonly calls?: number; readonly budgetMs?: number } = {},
): Promise<number> {
  const batch = missingRows(model.signature, rowCount);
  const calls = options.calls ?? 200;
  const budgetMs = options.budgetMs ?? 20;
  // Warm-up: the first calls pay for JIT compilation and lazy allocations.
  for (let i = 0; i < 5; i++) await model.predict(batch);
  const times: number[] = [];
  const deadline = performance.now() + budgetMs;
  while (times.length < calls && (times.length < 3 || performance.now() < deadline)) {
    const started = performance.now();
    await model.predict(batch);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
