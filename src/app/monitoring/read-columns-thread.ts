import { once } from 'node:events';
import { BallastError, isErrorCode } from '../../core/errors.ts';
import type { DataFileFormat } from '../data-files.ts';
import { spawnModuleThread } from '../../store/spawn-module-thread.ts';
import type { FileColumns } from './file-columns.ts';

export interface ReadColumnsRequest {
  readonly file: string;
  readonly columns?: readonly string[];
  readonly format?: DataFileFormat;
}

export type ReadColumnsReply = { readonly ok: FileColumns } | { readonly error: { readonly code: string; readonly message: string } };

/**
 * Reads a file's columns on a thread of its own, so two files (a reference and a current one) are
 * parsed at the same time on two cores. The columns come back without a copy: their buffers are
 * transferred. Errors keep their code, so the CLI reports them exactly as on the main thread.
 */
export async function readFileColumnsInThread(request: ReadColumnsRequest): Promise<FileColumns> {
  const worker = spawnModuleThread(import.meta.url, './read-columns-entry', { workerData: request });
  try {
    const [reply] = (await Promise.race([
      once(worker, 'message'),
      once(worker, 'error').then(([error]) => Promise.reject(error as Error)),
    ])) as [ReadColumnsReply];
    if ('error' in reply) {
      const { code, message } = reply.error;
      throw isErrorCode(code) ? new BallastError(code, message) : new Error(message);
    }
    return reply.ok;
  } finally {
    void worker.terminate();
  }
}
