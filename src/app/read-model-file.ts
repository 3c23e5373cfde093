import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { BallastError } from '../core/errors.ts';

/** 2 GiB: ONNX's own protobuf limit, far above any tree ensemble, and still a Buffer Node can hold. */
export const DEFAULT_MAX_ARTIFACT_BYTES = 2 * 1024 ** 3;

/**
 * Reads a model file whole, refusing what is not a regular file (a device such as /dev/zero, a
 * pipe, a directory: reading those has no end, or blocks) and anything above `maxBytes`, so a
 * mistaken or hostile path cannot make Ballast read without limit. The check is made on the opened
 * file itself, so a path swapped after the first look gains nothing.
 */
export async function readModelFile(file: string, maxBytes: number = DEFAULT_MAX_ARTIFACT_BYTES): Promise<Buffer> {
  // A look at the path first: opening a FIFO for reading would block until someone writes to it.
  checkRegular(file, await stat(file).catch((error: unknown) => cannotRead(file, error)));
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return cannotRead(file, error);
  }
  try {
    const info = await handle.stat();
    checkRegular(file, info);
    if (info.size > maxBytes) throw tooLarge(file, info.size, maxBytes);
    const bytes = Buffer.alloc(info.size);
    let filled = 0;
    while (filled < bytes.byteLength) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.byteLength - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    // A file that grows while it is read is not the file that was checked.
    const { bytesRead: beyond } = await handle.read(Buffer.alloc(1), 0, 1, filled);
    if (filled < info.size || beyond > 0)
      throw new BallastError('invalid_argument', `${file}: the file changed while it was being read; try again once it is complete`);
    return bytes;
  } finally {
    await handle.close();
  }
}

function checkRegular(file: string, info: { isFile(): boolean; isDirectory(): boolean }): void {
  if (info.isFile()) return;
  const what = info.isDirectory() ? 'a directory' : 'not a regular file (a device, pipe or socket)';
  throw new BallastError('file_not_found', `${file}: ${what}; give the model file itself`);
}

function tooLarge(file: string, size: number, maxBytes: number): BallastError {
  return new BallastError(
    'file_too_large',
    `${file}: ${size} bytes is more than the ${maxBytes} bytes a model artifact may have; raise the limit with --max-artifact-bytes or BALLAST_MAX_ARTIFACT_BYTES if this file is right`,
  );
}

function cannotRead(file: string, error: unknown): never {
  throw new BallastError('file_not_found', `${file}: cannot read the model file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
}
