import { once } from 'node:events';
import { BallastError, isErrorCode } from '../../core/errors.ts';
import type { Issue } from '../../core/issues.ts';
import { spawnModuleThread } from '../../store/spawn-module-thread.ts';
import type { ClassifierColumns, RawClassifierFile } from './classifier-file.ts';

export interface ReadClassifierRequest {
  readonly file: string;
  readonly columns: ClassifierColumns;
  readonly labelRequired: boolean;
}

export type ReadClassifierReply =
  | { readonly ok: RawClassifierFile }
  | { readonly error: { readonly code: string; readonly message: string; readonly issues: readonly Issue[] } };

/**
 * readClassifierFile on a thread of its own, so `ballast performance` parses its reference and its
 * analysis at the same time on two cores. The columns come back without a copy (their buffers are
 * transferred); an error keeps its code, message and issues, so the CLI reports it as on the main thread.
 */
export async function readClassifierFileInThread(request: ReadClassifierRequest): Promise<RawClassifierFile> {
  const worker = spawnModuleThread(import.meta.url, './read-classifier-entry', { workerData: request });
  try {
    const [reply] = (await Promise.race([
      once(worker, 'message'),
      once(worker, 'error').then(([error]) => Promise.reject(error as Error)),
    ])) as [ReadClassifierReply];
    if ('error' in reply) {
      const { code, message, issues } = reply.error;
      throw isErrorCode(code) ? new BallastError(code, message, issues) : new Error(message);
    }
    return reply.ok;
  } finally {
    void worker.terminate();
  }
}
