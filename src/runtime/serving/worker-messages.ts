import { BallastError, isErrorCode } from '../../core/errors.ts';
import type { Issue } from '../../core/issues.ts';
import type { ModelFormat, ModelSignature } from '../../core/signature.ts';
import {
  BatchShapeError,
  ModelLoadError,
  type FeatureBatch,
  type FeatureColumn,
  type LoadOptions,
  type PredictionOutput,
} from '../model-runtime.ts';

/** What a model worker thread is started with (its `workerData`). */
export interface ModelWorkerData {
  readonly format: ModelFormat;
  readonly bytes: Uint8Array;
  readonly options: LoadOptions;
  /** Time one-row predictions after loading (see LoadCost), so the host can place the model without loading it itself. */
  readonly measure?: boolean;
}

/**
 * What loading cost a worker thread, measured there so the event loop never pays for it: the time
 * to parse and check the artifact, and the median one-row predict (undefined when not asked for,
 * or when the model refused rows of missing values).
 */
export interface LoadCost {
  readonly loadMs: number;
  readonly oneRowMs: number | undefined;
}

export type HostMessage = { readonly type: 'predict'; readonly id: number; readonly batch: WireBatch } | { readonly type: 'close' };

export type WorkerMessage =
  | { readonly type: 'ready'; readonly signature: ModelSignature; readonly cost: LoadCost }
  | { readonly type: 'load-failed'; readonly error: SerializedError }
  | { readonly type: 'result'; readonly id: number; readonly output: PredictionOutput }
  | { readonly type: 'failed'; readonly id: number; readonly error: SerializedError }
  | { readonly type: 'closed' };

/**
 * Structured cloning keeps an Error's message but not its class or extra fields, and the layers
 * above map errors to HTTP statuses by class and code; so errors cross the thread boundary as data.
 */
export type SerializedError =
  | { readonly kind: 'ModelLoadError' | 'BatchShapeError' | 'Error'; readonly message: string }
  | { readonly kind: 'BallastError'; readonly message: string; readonly code: string; readonly issues: readonly Issue[] };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof BallastError) return { kind: 'BallastError', message: error.message, code: error.code, issues: error.issues };
  if (error instanceof ModelLoadError) return { kind: 'ModelLoadError', message: error.message };
  if (error instanceof BatchShapeError) return { kind: 'BatchShapeError', message: error.message };
  return { kind: 'Error', message: error instanceof Error ? error.message : String(error) };
}

export function reviveError(error: SerializedError): Error {
  switch (error.kind) {
    case 'BallastError':
      return new BallastError(isErrorCode(error.code) ? error.code : 'internal', error.message, error.issues);
    case 'ModelLoadError':
      return new ModelLoadError(error.message);
    case 'BatchShapeError':
      return new BatchShapeError(error.message);
    default:
      return new Error(error.message);
  }
}

/**
 * A batch as it crosses to a worker: every numeric column that fits `rowCount` packed into one
 * Float64Array, which is moved (transferred), not cloned. Cloning would copy each column into its
 * own new buffer anyway; packing makes the same one copy into a single buffer, so a 13-feature row
 * costs one allocation instead of 13, and the caller's own arrays are never detached.
 */
export interface WireBatch {
  readonly rowCount: number;
  readonly numbers: Float64Array;
  /** Per column: the index of its block in `numbers`, or the column itself (text, or anything odd, for the runtime to judge). */
  readonly layout: ReadonlyArray<number | FeatureColumn>;
}

export function encodeBatch(batch: FeatureBatch): { wire: WireBatch; transfer: ArrayBuffer[] } {
  const { rowCount, columns } = batch;
  const packs = (column: FeatureColumn) => column instanceof Float64Array && column.length === rowCount;
  let blocks = 0;
  for (const column of columns) if (packs(column)) blocks++;
  const numbers = new Float64Array(blocks * rowCount);
  let block = 0;
  const layout = columns.map((column) => {
    if (!packs(column)) return column;
    numbers.set(column as Float64Array, block * rowCount);
    return block++;
  });
  return { wire: { rowCount, numbers, layout }, transfer: numbers.byteLength > 0 ? [numbers.buffer as ArrayBuffer] : [] };
}

/** The batch a runtime reads: numeric columns are views into the one received buffer, no copy. */
export function decodeBatch(wire: WireBatch): FeatureBatch {
  const { rowCount, numbers } = wire;
  const columns = wire.layout.map((entry) =>
    typeof entry === 'number' ? numbers.subarray(entry * rowCount, (entry + 1) * rowCount) : entry,
  );
  return { rowCount, columns };
}

/**
 * The buffers that can be moved rather than copied: only those a typed array covers entirely (a
 * view into a larger or pooled buffer would take its neighbours with it), each listed once.
 */
export function transferableBuffers(arrays: ReadonlyArray<unknown>): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const array of arrays) {
    if (!ArrayBuffer.isView(array)) continue;
    const { buffer } = array;
    if (buffer instanceof ArrayBuffer && array.byteOffset === 0 && array.byteLength === buffer.byteLength && buffer.byteLength > 0)
      buffers.add(buffer);
  }
  return [...buffers];
}

export function outputArrays(output: PredictionOutput): unknown[] {
  return output.kind === 'regression' ? [output.values] : [output.probabilities, output.labelIndex];
}
