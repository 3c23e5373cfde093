import { once } from 'node:events';

/**
 * A reader that stops early (`ballast predict … | head -3`) closes the pipe; the next write fails
 * with EPIPE. For a command-line tool that is a normal end, not an error: the reader has what it
 * wanted. Every command writes through process.stdout, directly or by console.log, so one watch
 * on that stream covers them all.
 */

/** The error of writing to a pipe whose reader is gone, or to the stream destroyed after it. */
export function isClosedOutput(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

/**
 * Keeps EPIPE on `stream` from becoming an uncaught 'error' event (a crash with a stack trace).
 * Later writes fail quietly, and commands that stream rows check `stream.writable` to stop work
 * that no one will read.
 */
export function watchClosedOutput(stream: NodeJS.WritableStream = process.stdout): void {
  stream.on('error', (error: unknown) => {
    if (!isClosedOutput(error)) throw error;
  });
}

/** Raised by a command that finds its output closed mid-stream; main ends quietly on it. */
export function closedOutputError(): Error {
  return Object.assign(new Error('standard output was closed by its reader'), { code: 'EPIPE' });
}

/** Waits until standard output takes more, or fails as closed if its reader goes first (no 'drain' would ever come). */
export async function drained(out: NodeJS.WritableStream): Promise<void> {
  const closed = new AbortController();
  const onClose = () => closed.abort();
  out.once('close', onClose);
  try {
    await once(out, 'drain', { signal: closed.signal });
  } catch (error) {
    throw closed.signal.aborted ? closedOutputError() : error;
  } finally {
    out.off('close', onClose);
  }
}
