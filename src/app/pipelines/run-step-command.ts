import { spawn } from 'node:child_process';

/** How much of a step's output is kept: enough for a Python traceback, bounded for a chatty trainer. */
const OUTPUT_TAIL_BYTES = 16 * 1024;

export interface CommandResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The last OUTPUT_TAIL_BYTES of standard output and error, interleaved as written. */
  readonly tail: string;
}

/**
 * Runs a step's command with `sh -c` in `cwd`, as DVC and make do, so a command line may use pipes
 * and redirections. Its standard output and error are read as they come and only the tail kept, so
 * a long training log costs no memory; the tail is what a failed run shows and records.
 */
export function runStepCommand(cmd: string, cwd: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', cmd], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = Buffer.alloc(0);
    const keep = (chunk: Buffer) => {
      tail = Buffer.concat([tail, chunk]);
      if (tail.length > 2 * OUTPUT_TAIL_BYTES) tail = tail.subarray(tail.length - OUTPUT_TAIL_BYTES);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      const kept = tail.length > OUTPUT_TAIL_BYTES ? tail.subarray(tail.length - OUTPUT_TAIL_BYTES) : tail;
      resolve({ exitCode, signal, tail: kept.toString('utf8') });
    });
  });
}
