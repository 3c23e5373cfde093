import type { IssueCollector, IssuePath } from '../../core/issues.ts';
import { flattenTensorData } from './flatten-tensor-data.ts';
import {
  describe,
  isSupportedDatatype,
  isV2Datatype,
  readBinaryElements,
  readJsonElement,
  type SupportedDatatype,
} from './v2-datatypes.ts';
import type { V2Element } from './v2-types.ts';

/** An input tensor whose envelope (name, shape, datatype) is sound; its elements may not be. */
export interface ReadTensor {
  /** Position in the request's `inputs`, for issue paths. */
  readonly index: number;
  readonly name: string;
  readonly shape: readonly number[];
  /** Undefined when the datatype is unknown or declined (already reported). */
  readonly datatype: SupportedDatatype | undefined;
  /** Flat row-major elements, checked against the datatype; undefined when the data is unusable. */
  readonly elements: readonly V2Element[] | undefined;
}

export interface ReadRequestedOutput {
  readonly index: number;
  readonly name: string;
}

export interface ReadInferRequest {
  readonly id?: string;
  readonly inputs: readonly ReadTensor[];
  readonly outputs?: readonly ReadRequestedOutput[];
}

/** Tabular inputs have one or two dimensions; deeper data is not walked at all (it is refused later). */
const MAX_WALKED_RANK = 2;

/**
 * Reads the model-independent structure of a V2 inference request: the envelope, each input
 * tensor's name, shape, datatype and data (JSON, or bytes from the binary section), and the
 * requested outputs. Only own properties are read, so keys like `__proto__` or `constructor`
 * can neither be picked up from Object.prototype nor change anything; they are refused outright.
 */
export function readInferRequest(body: unknown, binary: Uint8Array | undefined, issues: IssueCollector): ReadInferRequest {
  const request = asRecord(body, [], issues, 'the body must be a JSON object with an "inputs" array');
  if (request === undefined) return { inputs: [] };
  const id = field(request, 'id');
  if (id !== undefined && typeof id !== 'string') issues.report('invalid_type', ['id'], `must be a string, got ${describe(id)}`);
  const parameters = field(request, 'parameters');
  if (parameters !== undefined) asRecord(parameters, ['parameters'], issues, 'must be an object');

  const inputs: ReadTensor[] = [];
  const rawInputs = field(request, 'inputs');
  if (!Array.isArray(rawInputs) || rawInputs.length === 0) {
    issues.report(
      rawInputs === undefined ? 'missing' : 'invalid_type',
      ['inputs'],
      rawInputs === undefined ? 'is required (a list of input tensors)' : 'must be a non-empty array of input tensors',
    );
  } else {
    const seen = new Map<string, number>();
    let binaryOffset = 0;
    rawInputs.forEach((raw: unknown, index) => {
      const tensor = readTensor(raw, index, binary, binaryOffset, issues);
      binaryOffset = tensor.binaryEnd;
      if (tensor.read === undefined) return;
      const earlier = seen.get(tensor.read.name);
      if (earlier !== undefined)
        issues.report('duplicate', ['inputs', index, 'name'], `${describe(tensor.read.name)} is given twice (also inputs[${earlier}])`);
      else seen.set(tensor.read.name, index);
      inputs.push(tensor.read);
    });
    if (binary !== undefined && binaryOffset !== binary.byteLength) {
      issues.report(
        'invalid_value',
        ['inputs'],
        `the binary section has ${binary.byteLength} bytes but the inputs' binary_data_size add up to ${binaryOffset}`,
      );
    }
  }
  const outputs = readRequestedOutputs(field(request, 'outputs'), issues);
  return { ...(typeof id === 'string' ? { id } : {}), inputs, ...(outputs ? { outputs } : {}) };
}

function readTensor(
  raw: unknown,
  index: number,
  binary: Uint8Array | undefined,
  binaryStart: number,
  issues: IssueCollector,
): { read: ReadTensor | undefined; binaryEnd: number } {
  const at: IssuePath = ['inputs', index];
  const tensor = asRecord(raw, at, issues, 'must be an object with name, shape, datatype and data');
  if (tensor === undefined) return { read: undefined, binaryEnd: binaryStart };
  const name = field(tensor, 'name');
  const nameOk = typeof name === 'string' && name.length > 0;
  if (!nameOk)
    issues.report(
      name === undefined ? 'missing' : 'invalid_type',
      [...at, 'name'],
      name === undefined ? 'is required' : `must be a non-empty string, got ${describe(name)}`,
    );
  const shape = readShape(field(tensor, 'shape'), [...at, 'shape'], issues);
  const datatype = readDatatype(field(tensor, 'datatype'), [...at, 'datatype'], issues);

  const parameters = field(tensor, 'parameters');
  const parameterRecord = parameters === undefined ? undefined : asRecord(parameters, [...at, 'parameters'], issues, 'must be an object');
  if (parameterRecord !== undefined && field(parameterRecord, 'shared_memory_region') !== undefined) {
    issues.report(
      'unsupported',
      [...at, 'parameters', 'shared_memory_region'],
      'the shared-memory extension is not supported; send the data in JSON or as binary data',
    );
  }
  const binarySize = parameterRecord === undefined ? undefined : field(parameterRecord, 'binary_data_size');
  const data = field(tensor, 'data');

  let binaryEnd = binaryStart;
  let elements: V2Element[] | undefined;
  if (binarySize !== undefined) {
    const sizePath = [...at, 'parameters', 'binary_data_size'];
    if (typeof binarySize !== 'number' || !Number.isSafeInteger(binarySize) || binarySize < 0) {
      issues.report('invalid_type', sizePath, `must be a whole number of bytes, got ${describe(binarySize)}`);
    } else if (binary === undefined) {
      issues.report(
        'missing',
        sizePath,
        'names binary data but the body has none (send the Inference-Header-Content-Length header with the JSON length)',
      );
    } else if (binaryStart + binarySize > binary.byteLength) {
      issues.report(
        'too_big',
        sizePath,
        `asks for ${binarySize} bytes at offset ${binaryStart} but the binary section has ${binary.byteLength}`,
      );
      binaryEnd = binaryStart + binarySize;
    } else {
      binaryEnd = binaryStart + binarySize;
      if (data !== undefined) issues.report('unrecognized_key', [...at, 'data'], 'must be absent when the tensor is sent as binary data');
      else if (shape !== undefined && datatype !== undefined && shape.length <= MAX_WALKED_RANK) {
        const bytes = binary.subarray(binaryStart, binaryEnd);
        elements = readBinaryElements(datatype, bytes, product(shape), (message) => issues.report('invalid_format', sizePath, message));
      }
    }
  } else if (data === undefined) {
    issues.report('missing', [...at, 'data'], 'is required (or send the tensor as binary data with parameters.binary_data_size)');
  } else if (shape !== undefined && datatype !== undefined && shape.length <= MAX_WALKED_RANK) {
    const flat = flattenTensorData(data, shape, (message) =>
      issues.report('invalid_value', [...at, 'data'], `${message} for tensor ${nameOk ? describe(name) : `inputs[${index}]`}`),
    );
    if (flat !== undefined) elements = readElements(flat, datatype, [...at, 'data'], issues);
  }
  if (!nameOk || shape === undefined) return { read: undefined, binaryEnd };
  return { read: { index, name, shape, datatype, elements }, binaryEnd };
}

function readElements(
  flat: readonly unknown[],
  datatype: SupportedDatatype,
  at: IssuePath,
  issues: IssueCollector,
): V2Element[] | undefined {
  let bad = false;
  const elements = new Array<V2Element>(flat.length);
  for (let i = 0; i < flat.length; i++) {
    elements[i] = readJsonElement(datatype, flat[i], (message) => {
      bad = true;
      issues.report('invalid_value', [...at, i], message);
    });
  }
  return bad ? undefined : elements;
}

function readShape(raw: unknown, at: IssuePath, issues: IssueCollector): number[] | undefined {
  if (!Array.isArray(raw)) {
    issues.report(
      raw === undefined ? 'missing' : 'invalid_type',
      at,
      raw === undefined ? 'is required, e.g. [rows] or [rows, features]' : `must be an array of dimension sizes, got ${describe(raw)}`,
    );
    return undefined;
  }
  const sound = raw.every((size: unknown) => typeof size === 'number' && Number.isSafeInteger(size) && size >= 0);
  if (!sound) {
    issues.report('invalid_value', at, `every dimension must be a whole number of at least 0, got ${JSON.stringify(raw).slice(0, 80)}`);
    return undefined;
  }
  return raw as number[];
}

function readDatatype(raw: unknown, at: IssuePath, issues: IssueCollector): SupportedDatatype | undefined {
  if (!isV2Datatype(raw)) {
    issues.report(
      raw === undefined ? 'missing' : 'invalid_value',
      at,
      raw === undefined
        ? 'is required, e.g. "FP64", "INT64" or "BYTES"'
        : `${describe(raw)} is not a V2 datatype (BOOL, INT8…INT64, UINT8…UINT64, FP32, FP64, BYTES)`,
    );
    return undefined;
  }
  if (!isSupportedDatatype(raw)) {
    issues.report('unsupported', at, `${raw} is not supported; send FP32 or FP64`);
    return undefined;
  }
  return raw;
}

function readRequestedOutputs(raw: unknown, issues: IssueCollector): ReadRequestedOutput[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) {
    issues.report('invalid_type', ['outputs'], 'must be an array of {"name": …} objects');
    return undefined;
  }
  const outputs: ReadRequestedOutput[] = [];
  raw.forEach((item: unknown, index) => {
    const at: IssuePath = ['outputs', index];
    const output = asRecord(item, at, issues, 'must be an object with a name');
    if (output === undefined) return;
    const name = field(output, 'name');
    if (typeof name !== 'string' || name.length === 0) {
      issues.report(
        name === undefined ? 'missing' : 'invalid_type',
        [...at, 'name'],
        name === undefined ? 'is required' : `must be a non-empty string, got ${describe(name)}`,
      );
      return;
    }
    const parameters = field(output, 'parameters');
    const record = parameters === undefined ? undefined : asRecord(parameters, [...at, 'parameters'], issues, 'must be an object');
    if (record !== undefined && field(record, 'classification') !== undefined) {
      issues.report(
        'unsupported',
        [...at, 'parameters', 'classification'],
        'the classification extension is not supported; request "label" and "probabilities" instead',
      );
    }
    if (record !== undefined && field(record, 'shared_memory_region') !== undefined) {
      issues.report('unsupported', [...at, 'parameters', 'shared_memory_region'], 'the shared-memory extension is not supported');
    }
    outputs.push({ index, name });
  });
  // An empty list asks for nothing in particular: answer every output, as when it is absent.
  return outputs.length > 0 ? outputs : undefined;
}

const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];

function asRecord(value: unknown, at: IssuePath, issues: IssueCollector, message: string): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    issues.report('invalid_type', at, message);
    return undefined;
  }
  for (const key of FORBIDDEN_KEYS) {
    if (Object.prototype.hasOwnProperty.call(value, key)) issues.report('unrecognized_key', [...at, key], 'this key is not allowed');
  }
  return value as Record<string, unknown>;
}

function field(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function product(shape: readonly number[]): number {
  return shape.reduce((total, size) => total * size, 1);
}
