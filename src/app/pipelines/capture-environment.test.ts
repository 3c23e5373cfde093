import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { captureEnvironment, gitState } from './capture-environment.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ballast-env-'));
  dirs.push(dir);
  return dir;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
    .toString()
    .trim();
}

function hasCommand(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('captureEnvironment', () => {
  it.skipIf(!hasCommand('git', ['--version']))(
    "names the checkout's commit and whether the pipeline's directory differs from it",
    async () => {
      const repo = tempDir();
      git(repo, 'init', '-q');
      const pipelineDir = path.join(repo, 'pipeline');
      mkdirSync(pipelineDir);
      writeFileSync(path.join(pipelineDir, 'train.py'), 'print(1)\n');
      writeFileSync(path.join(repo, 'elsewhere.txt'), 'a\n');
      git(repo, 'add', '.');
      git(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'first');
      const head = git(repo, 'rev-parse', 'HEAD');

      expect(await gitState(pipelineDir)).toEqual({ gitCommit: head, gitDirty: false });
      // A change outside the pipeline's directory is not the pipeline's code.
      writeFileSync(path.join(repo, 'elsewhere.txt'), 'b\n');
      expect(await gitState(pipelineDir)).toEqual({ gitCommit: head, gitDirty: false });
      writeFileSync(path.join(pipelineDir, 'train.py'), 'print(2)\n');
      expect(await gitState(pipelineDir)).toEqual({ gitCommit: head, gitDirty: true });
      git(repo, 'checkout', '-q', '--', '.');
      writeFileSync(path.join(pipelineDir, 'new_step.py'), 'print(3)\n');
      expect(await gitState(pipelineDir)).toEqual({ gitCommit: head, gitDirty: true });
    },
  );

  it('says null, not an error, outside a git checkout and without git or Python', async () => {
    const dir = tempDir();
    const env = await captureEnvironment(dir, { git: 'ballast-no-such-git', python: 'ballast-no-such-python' });
    expect(env).toEqual({ gitCommit: null, gitDirty: null, tools: { node: process.version, python: null, pipFreezeSha256: null } });
    expect(await gitState(dir)).toEqual({ gitCommit: null, gitDirty: null });
  });

  it.skipIf(!hasCommand('python3', ['-m', 'pip', '--version']))(
    "records Python's version and the hash of pip freeze",
    async () => {
      const env = await captureEnvironment(tempDir());
      const version = execFileSync('python3', ['--version']).toString().trim();
      expect(version).toMatch(/^Python 3\./);
      const freeze = execFileSync('python3', ['-m', 'pip', 'freeze', '--all'], { stdio: ['ignore', 'pipe', 'ignore'] });
      expect(env.tools.python).toBe(version);
      expect(env.tools.pipFreezeSha256).toBe(createHash('sha256').update(freeze).digest('hex'));
    },
    60_000,
  );
});
