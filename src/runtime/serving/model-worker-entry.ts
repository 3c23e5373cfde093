/**
 * The script of a model worker thread: loads one artifact with Ballast's runtime for its format,
 * then answers `predict` messages until told to close. Started by model-worker.ts.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { LoadedModel } from '../model-runtime.ts';
import { RUNTIMES } from '../runtimes.ts';
import { medianPredictMs } from './measure-model-cost.ts';
import {
  decodeBatch,
  outputArrays,
  serializeError,
  transferableBuffers,
  type HostMessage,
  type ModelWorkerData,
  type WireBatch,
  type WorkerMessage,
} from './worker-messages.ts';

const port: MessagePort = parentPort ?? notAWorker();

function notAWorker(): never {
  throw new Error('model-worker-entry runs only as a worker thread');
}

const { format, bytes, options, measure } = workerData as ModelWorkerData;
const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

let model: LoadedModel | undefined;
const started = performance.now();
try {
  model = await RUNTIMES[format].load(bytes, options);
} catch (error) {
  send({ type: 'load-failed', error: serializeError(error) });
  port.close();
}

if (model !== undefined) {
  const loaded = model;
  const running = new Set<Promise<void>>();
  port.on('message', (message: HostMessage) => {
    if (message.type === 'close') {
      void close(loaded, running);
      return;
    }
    const done = predict(loaded, message.id, message.batch);
    running.add(done);
    void done.finally(() => running.delete(done));
  });
  const loadMs = performance.now() - started;
  // Measured here, before any request: the host decides from it whether a main-thread copy pays.
  const oneRowMs = measure ? await medianPredictMs(loaded, 1).catch(() => undefined) : undefined;
  send({ type: 'ready', signature: loaded.signature, cost: { loadMs, oneRowMs } });
}

async function predict(loaded: LoadedModel, id: number, batch: WireBatch): Promise<void> {
  try {
    const output = await loaded.predict(decodeBatch(batch));
    // The output was made for this request alone, so its buffers move back without a copy.
    send({ type: 'result', id, output }, transferableBuffers(outputArrays(output)));
  } catch (error) {
    send({ type: 'failed', id, error: serializeError(error) });
  }
}

/** Answers what was asked before closing: an ONNX session must not be released mid-run. */
async function close(loaded: LoadedModel, running: ReadonlySet<Promise<void>>): Promise<void> {
  try {
    await Promise.allSettled(running);
    await loaded.close();
  } finally {
    send({ type: 'closed' });
    port.close();
  }
}
