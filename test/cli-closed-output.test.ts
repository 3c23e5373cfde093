import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `ballast predict … | head -3`: the reader takes what it wants and closes the pipe. For a
// command-line tool that is a normal end: exit 0 and no "error: write EPIPE" (issue 12).

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin', 'ballast.js');
const examples = path.join(root, 'examples', 'credit');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-epipe-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI with its stdout on a pipe that this side closes after `lines` lines (0: at once). */
function runClosingAfter(
  lines: number,
  ...args: string[]
): Promise<{ code: number | null; signal: string | null; stderr: string; received: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '--data-dir', path.join(dir, 'data'), ...args], {
      cwd: dir,
      env: { ...process.env, BALLAST_DB: '' },
    });
    let received = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const close = () => child.stdout.destroy();
    if (lines === 0) close();
    else {
      child.stdout.on('data', (chunk: Buffer) => {
        received += chunk.toString();
        if (received.split('\n').length > lines) close();
      });
    }
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr, received }));
  });
}

describe('a reader that closes standard output early', () => {
  it('ends `predict` quietly with exit 0, like `| head -3`', async () => {
    const result = await runClosingAfter(
      3,
      'predict',
      '--model',
      path.join(examples, 'model.lgb.txt'),
      '--input',
      path.join(examples, 'live.csv'),
    );
    expect(result.received.split('\n').length).toBeGreaterThan(3);
    expect(result.received.length).toBeLessThan(5000 * 60); // it stopped well before the 5,000 rows
    expect(result.stderr).not.toMatch(/EPIPE|error/i);
    expect(result.code).toBe(0);
  }, 60_000);

  it('ends commands that print with console.log or process.stdout.write quietly too', async () => {
    for (const args of [['contract', 'infer', path.join(examples, 'live.csv')], ['--help'], ['models', 'list']]) {
      const result = await runClosingAfter(0, ...args);
      expect(result.stderr, args.join(' ')).not.toMatch(/EPIPE|error/i);
      expect(result.code, args.join(' ')).toBe(0);
    }
  }, 60_000);
});
