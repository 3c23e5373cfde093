import type { ModelFormat, ModelSignature } from '../../core/signature.ts';
import { featureDatatype } from './feature-cells.ts';
import { v2OutputTensors } from './v2-outputs.ts';
import type { V2ModelMetadata, V2ServerMetadata } from './v2-types.ts';

export interface MetadataSource {
  /** The deployment name: what clients address as the model. */
  readonly name: string;
  /** The registered model versions the deployment serves (one today; a canary adds another). */
  readonly versions: readonly (string | number)[];
  readonly format: ModelFormat;
  readonly signature: ModelSignature;
}

/**
 * `GET /v2/models/{name}`. A tabular model takes its features in two forms but metadata can list
 * only one, so `inputs` lists the per-feature tensors (what tritonclient users build from a
 * DataFrame's columns, and the only form that also carries text features as such) with the
 * datatype to use for each; `parameters.input_forms` describes the 2-D form, and
 * `parameters.category_codes` gives the code of each category name, which a numeric 2-D tensor
 * must send instead of the name. Parameter values are strings, as the spec requires.
 */
export function modelMetadata(source: MetadataSource): V2ModelMetadata {
  const { inputs, output } = source.signature;
  const parameters: Record<string, string> = {
    input_forms:
      `one tensor per feature as listed in inputs, shape [rows] or [rows, 1]; ` +
      `or one 2-D tensor of any name, shape [rows, ${inputs.length}], the features in the order of inputs ` +
      `(numeric datatypes, or BYTES when a feature is text). A missing value is null in JSON data, NaN in binary float data.`,
  };
  const categories = Object.fromEntries(inputs.filter((f) => f.categories !== undefined).map((f) => [f.name, f.categories]));
  if (Object.keys(categories).length > 0) parameters.category_codes = JSON.stringify(categories);
  return {
    name: source.name,
    versions: source.versions.map(String),
    platform: `ballast_${source.format}`,
    inputs: inputs.map((feature) => ({ name: feature.name, datatype: featureDatatype(feature), shape: [-1] })),
    outputs: v2OutputTensors(output),
    parameters,
  };
}

/**
 * `GET /v2`. No extension is listed: Ballast reads binary input tensors but always answers in
 * JSON (a client asking for binary outputs reads JSON ones just as well), so it does not claim
 * the whole binary tensor data extension.
 */
export function serverMetadata(version: string): V2ServerMetadata {
  return { name: 'ballast', version, extensions: [] };
}
