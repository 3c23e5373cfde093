import { InvalidArgumentError, Option } from 'commander';
import { DEFAULT_MAX_ARTIFACT_BYTES } from '../app/read-model-file.ts';

const UNITS: Record<string, number> = { '': 1, k: 1024, kib: 1024, m: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gib: 1024 ** 3 };

/** A byte count: a whole number, optionally with a binary unit (`512MiB`, `2g`). */
export function byteCount(value: string): number {
  const match = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(value);
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  const bytes = match && unit !== undefined ? Number(match[1]) * unit : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1)
    throw new InvalidArgumentError(`"${value}" is not a positive byte count (e.g. 2147483648, 512MiB, 2GiB)`);
  return bytes;
}

/** `--max-artifact-bytes`, also read from BALLAST_MAX_ARTIFACT_BYTES; a fresh Option per command. */
export function maxArtifactBytesOption(): Option {
  return new Option(
    '--max-artifact-bytes <bytes>',
    `largest model file read, e.g. 512MiB (default ${DEFAULT_MAX_ARTIFACT_BYTES / 1024 ** 3} GiB)`,
  )
    .env('BALLAST_MAX_ARTIFACT_BYTES')
    .argParser(byteCount);
}
