import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runStepCommand } from './run-step-command.ts';

describe('runStepCommand', () => {
  it('runs a shell command line in the directory given, with its exit code and output', async () => {
    const result = await runStepCommand('pwd; echo oops >&2 | cat; exit 4', tmpdir());
    expect(result.exitCode).toBe(4);
    expect(result.signal).toBeNull();
    expect(result.tail).toContain(tmpdir());
    expect(result.tail).toContain('oops');
  });

  it('keeps only the tail of a long output', async () => {
    const result = await runStepCommand('seq 1 20000', tmpdir());
    expect(result.exitCode).toBe(0);
    expect(result.tail.length).toBeLessThanOrEqual(16 * 1024);
    expect(result.tail.endsWith('19999\n20000\n')).toBe(true);
    expect(result.tail).not.toContain('\n1\n2\n3\n');
  });

  it('reports a step killed by a signal', async () => {
    const result = await runStepCommand('kill -TERM $$', tmpdir());
    expect(result).toMatchObject({ exitCode: null, signal: 'SIGTERM' });
  });
});
