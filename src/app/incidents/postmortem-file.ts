import { readFile } from 'node:fs/promises';
import { BallastError } from '../../core/errors.ts';
import { fileSize } from '../data-files.ts';

const MAX_BYTES = 1_000_000;

/** An edited postmortem's Markdown, read from a file (`ballast incidents postmortem ID --edit FILE`). */
export async function readPostmortemFile(file: string): Promise<string> {
  const size = await fileSize(file);
  if (size > MAX_BYTES)
    throw new BallastError('file_too_large', `${file}: a postmortem is at most ${MAX_BYTES} bytes; this file has ${size}`);
  return readFile(file, 'utf8');
}
