import { BallastError } from '../../core/errors.ts';
import type { FeatureBatch, PredictionOutput } from '../../runtime/model-runtime.ts';

/** The rows at `indices` of a column-major batch (a request split between versions). */
export function selectRows(batch: FeatureBatch, indices: readonly number[]): FeatureBatch {
  if (indices.length === batch.rowCount && indices.every((row, i) => row === i)) return batch;
  return {
    rowCount: indices.length,
    columns: batch.columns.map((column) =>
      column instanceof Float64Array ? Float64Array.from(indices, (row) => column[row]!) : indices.map((row) => column[row] ?? null),
    ),
  };
}

/**
 * One output for a request whose rows were scored by several versions, in the request's order (the
 * V2 protocol answers tensors, not rows). The versions must answer alike: the same kind and classes.
 */
export function mergeOutputs(
  parts: readonly { readonly indices: readonly number[]; readonly output: PredictionOutput }[],
  rowCount: number,
) {
  if (parts.length === 1) return parts[0]!.output;
  const first = parts[0]!.output;
  const alike = parts.every(
    ({ output }) =>
      output.kind === first.kind &&
      (output.kind === 'regression' ||
        (first.kind !== 'regression' &&
          output.classes.length === first.classes.length &&
          output.classes.every((c, i) => c === first.classes[i]))),
  );
  if (!alike)
    throw new BallastError(
      'invalid_argument',
      'the versions this request was split between answer in different shapes; route it by a header key',
    );
  if (first.kind === 'regression') {
    const values = new Float64Array(rowCount);
    for (const { indices, output } of parts) indices.forEach((row, i) => (values[row] = (output as typeof first).values[i]!));
    return { kind: 'regression', values } satisfies PredictionOutput;
  }
  const width = first.classes.length;
  const probabilities = new Float64Array(rowCount * width);
  const labelIndex = new Int32Array(rowCount);
  for (const { indices, output } of parts) {
    const scored = output as typeof first;
    indices.forEach((row, i) => {
      labelIndex[row] = scored.labelIndex[i]!;
      probabilities.set(scored.probabilities.subarray(i * width, (i + 1) * width), row * width);
    });
  }
  return { kind: first.kind, classes: first.classes, probabilities, labelIndex } satisfies PredictionOutput;
}
