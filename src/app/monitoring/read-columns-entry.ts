import { parentPort, workerData } from 'node:worker_threads';
import { BallastError } from '../../core/errors.ts';
import { readFileColumns } from './file-columns.ts';
import type { ReadColumnsReply, ReadColumnsRequest } from './read-columns-thread.ts';

// The worker side of readFileColumnsInThread: read, then hand the column buffers over without copying.
const request = workerData as ReadColumnsRequest;
try {
  const columns = await readFileColumns(request.file, { columns: request.columns, format: request.format });
  const reply: ReadColumnsReply = { ok: columns };
  parentPort!.postMessage(
    reply,
    columns.columns.map((c) => c.values.buffer as ArrayBuffer),
  );
} catch (error) {
  const reply: ReadColumnsReply = {
    error: {
      code: error instanceof BallastError ? error.code : 'internal',
      message: error instanceof Error ? error.message : String(error),
    },
  };
  parentPort!.postMessage(reply);
}
