import type { ClassLabel, OutputSpec } from '../../core/signature.ts';
import type { V2MetadataTensor } from './v2-types.ts';

/**
 * The output tensors a deployment answers with, named as Ballast's own JSON API names the same
 * fields (`label`, `probabilities`, `value`), so a prediction reads the same over both protocols.
 * MLServer's `predict`/`predict_proba` and KServe's `output-0` were the alternatives; a client names
 * outputs from the metadata anyway, and one vocabulary across Ballast's APIs is easier to learn.
 */
export const LABEL_OUTPUT = 'label';
export const PROBABILITIES_OUTPUT = 'probabilities';
export const VALUE_OUTPUT = 'value';

export type V2OutputName = typeof LABEL_OUTPUT | typeof PROBABILITIES_OUTPUT | typeof VALUE_OUTPUT;

/** Metadata shapes use -1 for the row dimension, which every request chooses. */
export function v2OutputTensors(output: OutputSpec): V2MetadataTensor[] {
  if (output.kind === 'regression') return [{ name: VALUE_OUTPUT, datatype: 'FP64', shape: [-1] }];
  const classes = output.classes ?? [];
  return [
    { name: LABEL_OUTPUT, datatype: labelDatatype(classes), shape: [-1] },
    { name: PROBABILITIES_OUTPUT, datatype: 'FP64', shape: [-1, classes.length] },
  ];
}

export function v2OutputNames(output: OutputSpec): V2OutputName[] {
  return output.kind === 'regression' ? [VALUE_OUTPUT] : [LABEL_OUTPUT, PROBABILITIES_OUTPUT];
}

/** Whole-number classes travel as INT64 (numpy reads them as int64), other numbers as FP64, text as BYTES. */
export function labelDatatype(classes: readonly ClassLabel[]): 'INT64' | 'FP64' | 'BYTES' {
  if (classes.every((label) => typeof label === 'number' && Number.isSafeInteger(label))) return 'INT64';
  if (classes.every((label) => typeof label === 'number')) return 'FP64';
  return 'BYTES';
}
