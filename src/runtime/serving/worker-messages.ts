import { BallastError, isErrorCode, type Issue } from '../../core/errors.ts';
import type { ModelFormat, ModelSignature } from '../../core/signature.ts';
import { BatchShapeError, ModelLoadError, type FeatureBatch, type LoadOptions, type PredictionOutput } from '../model-runtime.ts';

/** What a model worker thread is started with (its `workerData`). */
export interface ModelWorkerData {
  readonly format: ModelFormat;
  readonly bytes: Uint8Array;
  readonly options: LoadOptions;
}

export type HostMessage = { readonly type: 'predict'; readonly id: number; readonly batch: FeatureBatch } | { readonly type: 'close' };

export type WorkerMessage =
  | { readonly type: 'ready'; readonly signature: ModelSignature }
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

const handedOff = new WeakSet<FeatureBatch>();

/**
 * Marks a batch its creator will not read again, so a worker-thread model may move its typed
 * arrays to the worker (transfer, no copy) instead of copying them; afterwards they read as empty.
 * Unmarked batches are copied, so a caller may log or reuse its batch after predicting.
 */
export function handOff<T extends FeatureBatch>(batch: T): T {
  handedOff.add(batch);
  return batch;
}

export function isHandedOff(batch: FeatureBatch): boolean {
  return handedOff.has(batch);
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
    if (buffer instanceof ArrayBuffer && array.byteOffset === 0 && array.byteLength === buffer.byteLength && buffer.byteLength > 0) buffers.add(buffer);
  }
  return [...buffers];
}

export function outputArrays(output: PredictionOutput): unknown[] {
  return output.kind === 'regression' ? [output.values] : [output.probabilities, output.labelIndex];
}
