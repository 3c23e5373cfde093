import { issuesError } from '../../core/issues.ts';
import type { PredictionOutput } from '../../runtime/model-runtime.ts';
import { labelDatatype, LABEL_OUTPUT, PROBABILITIES_OUTPUT, VALUE_OUTPUT, type V2OutputName } from './v2-outputs.ts';
import type { V2InferResponse, V2Parameters, V2ResponseOutput } from './v2-types.ts';

export interface EncodeContext {
  /** The name the client addressed (the deployment). */
  readonly modelName: string;
  /** The registered model version that answered, as a string (the spec's versions are strings). */
  readonly modelVersion?: string;
  /** The request's `id`, echoed as the spec asks. */
  readonly id?: string;
  /** Ballast's prediction id for each row, in row order. */
  readonly predictionIds?: readonly string[];
  /** The outputs the client named; absent means every output. */
  readonly requestedOutputs?: readonly string[];
  /** More response parameters (scalars only), e.g. the registered model's name. */
  readonly parameters?: V2Parameters;
}

/**
 * Encodes a prediction as a V2 inference response: classifiers answer `label` (shape [rows]) and
 * `probabilities` (FP64 [rows, classes], row-major, in the order of the model's classes);
 * regressors answer `value` (FP64 [rows]). Data is always flat.
 *
 * Ballast's prediction ids go in the response `parameters` as `prediction_ids`, one
 * comma-separated string in row order (ULIDs hold no commas): the spec allows only strings,
 * numbers and booleans as parameter values, and typed clients (KServe's, MLServer's) check that.
 */
export function encodeInferResponse(output: PredictionOutput, context: EncodeContext): V2InferResponse {
  const tensors = outputTensors(output);
  const outputs =
    context.requestedOutputs === undefined
      ? [...tensors.values()]
      : context.requestedOutputs.map((name, index) => pick(tensors, name, index));
  const parameters: Record<string, string | number | boolean> = { ...context.parameters };
  if (context.predictionIds !== undefined) parameters.prediction_ids = context.predictionIds.join(',');
  return {
    model_name: context.modelName,
    ...(context.modelVersion !== undefined ? { model_version: context.modelVersion } : {}),
    ...(context.id !== undefined ? { id: context.id } : {}),
    ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
    outputs,
  };
}

function outputTensors(output: PredictionOutput): Map<V2OutputName, V2ResponseOutput> {
  if (output.kind === 'regression') {
    return new Map([
      [VALUE_OUTPUT, { name: VALUE_OUTPUT, datatype: 'FP64', shape: [output.values.length], data: Array.from(output.values) }],
    ]);
  }
  const rowCount = output.labelIndex.length;
  const datatype = labelDatatype(output.classes);
  const labels = Array.from(output.labelIndex, (index) => {
    const label = output.classes[index]!;
    return datatype === 'BYTES' ? String(label) : label;
  });
  return new Map<V2OutputName, V2ResponseOutput>([
    [LABEL_OUTPUT, { name: LABEL_OUTPUT, datatype, shape: [rowCount], data: labels }],
    [
      PROBABILITIES_OUTPUT,
      { name: PROBABILITIES_OUTPUT, datatype: 'FP64', shape: [rowCount, output.classes.length], data: Array.from(output.probabilities) },
    ],
  ]);
}

function pick(tensors: Map<V2OutputName, V2ResponseOutput>, name: string, index: number): V2ResponseOutput {
  const tensor = tensors.get(name as V2OutputName);
  if (tensor === undefined) {
    const known = [...tensors.keys()].map((n) => `"${n}"`).join(', ');
    throw issuesError('invalid_request', 'invalid inference request', [
      { code: 'invalid_value', path: ['outputs', index, 'name'], message: `"${name}" is not an output of this model (it has ${known})` },
    ]);
  }
  return tensor;
}
