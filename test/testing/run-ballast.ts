import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/ballast.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real binary in `cwd`, as a user would, and returns its exit code and output whatever the
 * code. With `dataDir`, it works on a data directory of its own (and ignores a BALLAST_DB set
 * around the tests); `env` adds variables such as BALLAST_ACTOR.
 */
export async function runBallast(
  args: readonly string[],
  options: { readonly cwd: string; readonly dataDir?: string; readonly env?: Readonly<Record<string, string>> },
): Promise<CliResult> {
  const dataArgs = options.dataDir === undefined ? [] : ['--data-dir', options.dataDir];
  const env = { ...process.env, ...(options.dataDir === undefined ? {} : { BALLAST_DB: '' }), ...options.env };
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...dataArgs, ...args], {
      cwd: options.cwd,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
