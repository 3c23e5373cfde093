import type { ClassLabel } from '../core/signature.ts';
import type { PredictionOutput } from './model-runtime.ts';

/** One row's answer as users see it, in files and over HTTP. */
export type PredictionRecord = { readonly label: ClassLabel; readonly probabilities: number[] } | { readonly value: number };

export function toPredictionRecords(output: PredictionOutput): PredictionRecord[] {
  if (output.kind === 'regression') return Array.from(output.values, (value) => ({ value }));
  const width = output.classes.length;
  return Array.from(output.labelIndex, (labelIndex, row) => ({
    label: output.classes[labelIndex]!,
    probabilities: Array.from(output.probabilities.subarray(row * width, (row + 1) * width)),
  }));
}
