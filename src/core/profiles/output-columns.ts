import type { ClassLabel, ModelSignature, OutputSpec } from '../signature.ts';
import type { ColumnSchema } from './profile-schema.ts';

/**
 * The columns a prediction adds to a profiled row, so prediction drift is watched by the same engine
 * as input drift: a classifier's predicted label (categorical) and one probability per class
 * (numeric); a regressor's value (numeric). The training label, when the snapshot has one, is
 * profiled in the reference as `label` (label drift). The dotted names cannot be mistaken for
 * features that a model reads by name in a JSON instance, which is where these values never appear.
 */
export const PREDICTION_LABEL = 'prediction.label';
const PREDICTION_VALUE = 'prediction.value';
const PROBABILITY_PREFIX = 'prediction.probability.';
export const LABEL_COLUMN = 'label';

export function probabilityColumn(label: ClassLabel): string {
  return `${PROBABILITY_PREFIX}${String(label)}`;
}

export function outputColumnNames(output: OutputSpec): string[] {
  if (output.kind === 'regression') return [PREDICTION_VALUE];
  return [PREDICTION_LABEL, ...(output.classes ?? []).map(probabilityColumn)];
}

/** The output columns' schema as the signature alone tells it: kinds, no bin edges or range. */
export function outputColumnSchemas(output: OutputSpec): ColumnSchema[] {
  if (output.kind === 'regression') return [{ name: PREDICTION_VALUE, kind: 'numeric' }];
  return [
    { name: PREDICTION_LABEL, kind: 'categorical' },
    ...(output.classes ?? []).map((c): ColumnSchema => ({ name: probabilityColumn(c), kind: 'numeric' })),
  ];
}

/**
 * Where each output column's value comes from in a prediction record (`{label, probabilities}` or
 * `{value}`): computed once per schema so the serving path reads values without building objects.
 * `probability` is the index into `probabilities`; -1 means the column is not an output column.
 */
export type OutputSlot = { readonly kind: 'label' } | { readonly kind: 'probability'; readonly index: number } | { readonly kind: 'value' };

export function outputSlot(name: string, signature: ModelSignature): OutputSlot | undefined {
  const output = signature.output;
  if (output.kind === 'regression') return name === PREDICTION_VALUE ? { kind: 'value' } : undefined;
  if (name === PREDICTION_LABEL) return { kind: 'label' };
  if (!name.startsWith(PROBABILITY_PREFIX)) return undefined;
  const index = (output.classes ?? []).findIndex((c) => probabilityColumn(c) === name);
  return index >= 0 ? { kind: 'probability', index } : undefined;
}

/** Reads one output column's value from a logged or served prediction record; null when absent. */
export function outputValue(slot: OutputSlot, record: Readonly<Record<string, unknown>>): unknown {
  switch (slot.kind) {
    case 'label':
      return record.label ?? null;
    case 'value':
      return record.value ?? null;
    case 'probability': {
      const probabilities = record.probabilities;
      return Array.isArray(probabilities) ? (probabilities[slot.index] ?? null) : null;
    }
  }
}
