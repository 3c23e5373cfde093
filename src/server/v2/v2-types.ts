/**
 * The JSON shapes of the Open Inference Protocol V2 (KServe's "V2 inference protocol", spoken by
 * Triton, MLServer and KServe) over REST, as far as Ballast serves it. Field names follow the spec
 * exactly (snake_case) because clients read them by name.
 */

/** Every tensor datatype the spec defines; Ballast declines FP16 and BF16 with a clear error. */
export const V2_DATATYPES = [
  'BOOL',
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'FP16',
  'FP32',
  'FP64',
  'BF16',
  'BYTES',
] as const;

export type V2Datatype = (typeof V2_DATATYPES)[number];

/** The spec's `$parameter`: parameter values are scalars, never arrays or objects. */
export type V2ParameterValue = string | number | boolean;
export type V2Parameters = Readonly<Record<string, V2ParameterValue>>;

/** One element of tensor data as JSON carries it; `null` is a missing value (Ballast's choice). */
export type V2Element = number | string | boolean | null;

/** Row-major data, either flat or nested to the tensor's shape. */
export type V2TensorData = ReadonlyArray<V2Element | V2TensorData>;

export interface V2RequestInput {
  readonly name: string;
  readonly shape: readonly number[];
  readonly datatype: V2Datatype;
  readonly parameters?: V2Parameters;
  /** Absent when the tensor travels in the binary section (`parameters.binary_data_size`). */
  readonly data?: V2TensorData;
}

export interface V2RequestOutput {
  readonly name: string;
  readonly parameters?: V2Parameters;
}

export interface V2InferRequest {
  readonly id?: string;
  readonly parameters?: V2Parameters;
  readonly inputs: readonly V2RequestInput[];
  readonly outputs?: readonly V2RequestOutput[];
}

export interface V2ResponseOutput {
  readonly name: string;
  readonly shape: readonly number[];
  readonly datatype: V2Datatype;
  readonly parameters?: V2Parameters;
  /** Always flat, row-major. */
  readonly data: ReadonlyArray<number | string | boolean>;
}

export interface V2InferResponse {
  /** The name the client addressed: for Ballast, the deployment. */
  readonly model_name: string;
  readonly model_version?: string;
  readonly id?: string;
  readonly parameters?: V2Parameters;
  readonly outputs: readonly V2ResponseOutput[];
}

/** The spec's `$metadata_tensor`; `-1` in a shape is a dimension of any size. */
export interface V2MetadataTensor {
  readonly name: string;
  readonly datatype: V2Datatype;
  readonly shape: readonly number[];
}

export interface V2ModelMetadata {
  readonly name: string;
  readonly versions?: readonly string[];
  readonly platform: string;
  readonly inputs: readonly V2MetadataTensor[];
  readonly outputs: readonly V2MetadataTensor[];
  /** Not in the KServe spec's metadata (MLServer has it); clients that do not know it ignore it. */
  readonly parameters?: Readonly<Record<string, string>>;
}

export interface V2ServerMetadata {
  readonly name: string;
  readonly version: string;
  readonly extensions: readonly string[];
}

/** `GET /v2/models/{name}/ready` and the health routes: the status code is the answer, the body a courtesy. */
export interface V2ReadyResponse {
  readonly name?: string;
  readonly ready: boolean;
}

export interface V2LiveResponse {
  readonly live: boolean;
}

/**
 * The spec's error body. Clients read `error` (tritonclient raises `InferenceServerException(error)`
 * from any non-200 answer, and fails with a decoding error when the key is absent); Ballast adds
 * its own `code` and `issues` beside it.
 */
export interface V2ErrorResponse {
  readonly error: string;
}
