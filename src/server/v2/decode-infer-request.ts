import { BallastError } from '../../core/errors.ts';
import { IssueCollector } from '../../core/issues.ts';
import type { FeatureSpec, ModelSignature } from '../../core/signature.ts';
import type { Cell, TableChunk, TableRow } from '../../core/table.ts';
import { cellReader, datatypeFits } from './feature-cells.ts';
import { formatShape } from './flatten-tensor-data.ts';
import { describe } from './v2-datatypes.ts';
import { readInferRequest, type ReadInferRequest, type ReadTensor } from './read-infer-request.ts';
import { v2OutputNames } from './v2-outputs.ts';

export interface DecodedInferRequest {
  /** One row per instance, columns named after the signature's features in its order. */
  readonly rows: TableChunk;
  readonly id?: string;
  /** The outputs the client asked for, checked against the model's; absent means all. */
  readonly requestedOutputs?: readonly string[];
  /** Which of the two accepted input forms the request used (for logs and metrics). */
  readonly layout: 'per-feature' | 'matrix';
}

export interface DecodeOptions {
  /** The binary section of the body (see splitInferBody), when the request used the binary extension. */
  readonly binary?: Uint8Array;
  /** More rows than this is `too_many_instances`, as for the JSON API. */
  readonly maxRows?: number;
}

/**
 * Decodes a V2 inference request for a tabular model. Two forms are accepted:
 * - one tensor per feature, named after it, shape `[rows]` or `[rows, 1]`;
 * - one 2-D tensor `[rows, features]` of any name, columns in the signature's input order.
 * Every problem in the request is collected and thrown at once as `invalid_request`, each issue
 * with its path (`["inputs", 0, "data", 5]`). The rows can go to `buildFeatureBatch`.
 */
export function decodeInferRequest(body: unknown, signature: ModelSignature, options: DecodeOptions = {}): DecodedInferRequest {
  const issues = new IssueCollector();
  const request = readInferRequest(body, options.binary, issues);
  const requestedOutputs = checkRequestedOutputs(request, signature, issues);
  const features = signature.inputs;
  const layout = isMatrix(request.inputs, features) ? 'matrix' : 'per-feature';
  const columns =
    layout === 'matrix'
      ? matrixColumns(request.inputs[0]!, features, issues, options.maxRows)
      : featureColumns(request.inputs, features, issues, options.maxRows);
  issues.throwIfAny('invalid_request', 'invalid inference request');
  const rowCount = columns[0]?.length ?? 0;
  const rows = new Array<TableRow>(rowCount);
  for (let r = 0; r < rowCount; r++) rows[r] = { row: r + 1, cells: columns.map((column) => column[r]!) };
  return {
    rows: { columns: features.map((feature) => feature.name), rows },
    ...(request.id !== undefined ? { id: request.id } : {}),
    ...(requestedOutputs ? { requestedOutputs } : {}),
    layout,
  };
}

/**
 * A single 2-D tensor is the matrix form when it is as wide as the model's features, or when its
 * name is no feature's (then a wrong width is reported as such). With one feature both forms are
 * `[rows, 1]` and read the same.
 */
function isMatrix(inputs: readonly ReadTensor[], features: readonly FeatureSpec[]): boolean {
  if (inputs.length !== 1 || inputs[0]!.shape.length !== 2) return false;
  const tensor = inputs[0]!;
  const named = features.some((feature) => feature.name === tensor.name);
  return features.length > 1 ? tensor.shape[1] === features.length || !named : !named;
}

function matrixColumns(
  tensor: ReadTensor,
  features: readonly FeatureSpec[],
  issues: IssueCollector,
  maxRows: number | undefined,
): Cell[][] {
  const [rowCount, width] = tensor.shape as [number, number];
  if (width !== features.length) {
    issues.report(
      'invalid_value',
      ['inputs', tensor.index, 'shape'],
      `a single 2-D tensor must be [rows, ${features.length}], the model's features in order (${listNames(features)}); got [${rowCount}, ${width}]`,
    );
    return [];
  }
  checkRowCount(rowCount, tensor, issues, maxRows);
  if (tensor.datatype === undefined) return [];
  const datatype = tensor.datatype;
  const unfit = features.filter((feature) => !datatypeFits(datatype, feature));
  if (unfit.length > 0) {
    issues.report(
      'invalid_value',
      ['inputs', tensor.index, 'datatype'],
      `${datatype} cannot carry the text feature${unfit.length > 1 ? 's' : ''} ${listNames(unfit)}; send a BYTES tensor, or one tensor per feature`,
    );
    return [];
  }
  const elements = tensor.elements;
  if (elements === undefined) return [];
  return features.map((feature, j) => {
    const read = cellReader(feature);
    const column = new Array<Cell>(rowCount);
    for (let r = 0; r < rowCount; r++) {
      const at = r * width + j;
      column[r] = read(elements[at]!, (message) =>
        issues.report('invalid_value', ['inputs', tensor.index, 'data', at], `row ${r}, feature "${feature.name}": ${message}`),
      );
    }
    return column;
  });
}

function featureColumns(
  inputs: readonly ReadTensor[],
  features: readonly FeatureSpec[],
  issues: IssueCollector,
  maxRows: number | undefined,
): Cell[][] {
  const byName = new Map(inputs.map((tensor) => [tensor.name, tensor]));
  const known = new Set(features.map((feature) => feature.name));
  for (const tensor of inputs) {
    if (!known.has(tensor.name)) {
      issues.report(
        'invalid_value',
        ['inputs', tensor.index, 'name'],
        `${describe(tensor.name)} is not one of the model's features (${listNames(features)}); send one tensor per feature, or one 2-D tensor [rows, ${features.length}]`,
      );
    }
  }
  const reference = mostCommonRowCount(
    features.map((feature) => byName.get(feature.name)).filter((t) => t !== undefined && isColumnShape(t.shape)) as ReadTensor[],
  );
  if (reference !== undefined) checkRowCount(reference.shape[0]!, reference, issues, maxRows);
  const columns = features.map((feature): Cell[] | undefined => {
    const tensor = byName.get(feature.name);
    if (tensor === undefined) {
      issues.report('missing', ['inputs'], `has no tensor for feature "${feature.name}" (send null elements for missing values)`);
      return undefined;
    }
    const { shape } = tensor;
    if (!isColumnShape(shape)) {
      issues.report(
        'invalid_value',
        ['inputs', tensor.index, 'shape'],
        `tensor ${describe(tensor.name)} must have shape [rows] or [rows, 1], got ${formatShape(shape)}`,
      );
      return undefined;
    }
    const rowCount = shape[0]!;
    if (reference !== undefined && rowCount !== reference.shape[0]) {
      issues.report(
        'invalid_value',
        ['inputs', tensor.index, 'shape'],
        `tensor ${describe(tensor.name)} has ${rowCount} rows but ${describe(reference.name)} has ${reference.shape[0]}; every feature tensor needs the same rows`,
      );
      return undefined;
    }
    if (tensor.datatype === undefined) return undefined;
    if (!datatypeFits(tensor.datatype, feature)) {
      issues.report(
        'invalid_type',
        ['inputs', tensor.index, 'datatype'],
        `feature "${feature.name}" is text; send it as BYTES, not ${tensor.datatype}`,
      );
      return undefined;
    }
    const elements = tensor.elements;
    if (elements === undefined) return undefined;
    const read = cellReader(feature);
    return elements.map((element, r) =>
      read(element, (message) =>
        issues.report('invalid_value', ['inputs', tensor.index, 'data', r], `row ${r}, feature "${feature.name}": ${message}`),
      ),
    );
  });
  return columns.every((column) => column !== undefined) ? (columns as Cell[][]) : [];
}

function isColumnShape(shape: readonly number[]): boolean {
  return shape.length === 1 || (shape.length === 2 && shape[1] === 1);
}

/** The row count most feature tensors agree on, so one wrong tensor is the one reported, not all the others. */
function mostCommonRowCount(tensors: readonly ReadTensor[]): ReadTensor | undefined {
  const votes = new Map<number, { tensor: ReadTensor; count: number }>();
  for (const tensor of tensors) {
    const entry = votes.get(tensor.shape[0]!);
    if (entry) entry.count++;
    else votes.set(tensor.shape[0]!, { tensor, count: 1 });
  }
  let best: { tensor: ReadTensor; count: number } | undefined;
  for (const entry of votes.values()) if (best === undefined || entry.count > best.count) best = entry;
  return best?.tensor;
}

function checkRowCount(rowCount: number, tensor: ReadTensor, issues: IssueCollector, maxRows: number | undefined): void {
  if (maxRows !== undefined && rowCount > maxRows) {
    throw new BallastError('too_many_instances', `the request has ${rowCount} rows; one request may carry at most ${maxRows}`, [
      { code: 'too_big', path: ['inputs', tensor.index, 'shape', 0], message: `at most ${maxRows} rows` },
    ]);
  }
  if (rowCount === 0) issues.report('too_small', ['inputs', tensor.index, 'shape', 0], 'the request has no rows; send at least one');
}

function checkRequestedOutputs(request: ReadInferRequest, signature: ModelSignature, issues: IssueCollector): string[] | undefined {
  if (request.outputs === undefined) return undefined;
  const available: readonly string[] = v2OutputNames(signature.output);
  const names: string[] = [];
  for (const { index, name } of request.outputs) {
    if (!available.includes(name))
      issues.report(
        'invalid_value',
        ['outputs', index, 'name'],
        `${describe(name)} is not an output of this model (it has ${available.map((n) => `"${n}"`).join(', ')})`,
      );
    else if (names.includes(name)) issues.report('duplicate', ['outputs', index, 'name'], `${describe(name)} is requested twice`);
    else names.push(name);
  }
  return names;
}

/** Feature lists can be long; the first few are enough to recognise the model. */
function listNames(features: readonly FeatureSpec[]): string {
  const shown = features.slice(0, 20).map((feature) => feature.name);
  return features.length > shown.length ? `${shown.join(', ')}, … ${features.length - shown.length} more` : shown.join(', ');
}
