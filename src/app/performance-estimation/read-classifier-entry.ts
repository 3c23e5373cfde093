import { parentPort, workerData } from 'node:worker_threads';
import { BallastError } from '../../core/errors.ts';
import { readClassifierFile } from './classifier-file.ts';
import type { ReadClassifierReply, ReadClassifierRequest } from './read-classifier-thread.ts';

// The worker side of readClassifierFileInThread: read, then hand the arrays' buffers over without copying.
const request = workerData as ReadClassifierRequest;
try {
  const file = await readClassifierFile(request.file, request.columns, request.labelRequired);
  const reply: ReadClassifierReply = { ok: file };
  const buffers = [file.predictions.codes, ...(file.labels ? [file.labels.codes] : []), ...file.scores].map((a) => a.buffer as ArrayBuffer);
  parentPort!.postMessage(reply, buffers);
} catch (error) {
  const reply: ReadClassifierReply = {
    error: {
      code: error instanceof BallastError ? error.code : 'internal',
      message: error instanceof Error ? error.message : String(error),
      issues: error instanceof BallastError ? error.issues : [],
    },
  };
  parentPort!.postMessage(reply);
}
