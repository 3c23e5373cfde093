import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureCases } from './fixtures/onnx/read-fixture.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin', 'ballast.js');
const fixtures = path.join(root, 'test', 'fixtures', 'onnx');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-cli-onnx-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real binary in `dir` (its working directory), against a data directory of its own. */
async function ballast(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return ballastWith({}, ...args);
}

async function ballastWith(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, '--data-dir', path.join(dir, 'data'), ...args], {
      cwd: dir,
      timeout: 60_000,
      env: { ...process.env, BALLAST_DB: '', BALLAST_ACTOR: 'ci', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('ballast with ONNX networks', () => {
  it('predicts offline with a score-only model file, reading logits as --scores and --classes say', async () => {
    const cases = fixtureCases('scores-logits') as unknown as { rows: number[][]; served: { probabilities: number[][]; labels: string[] } };
    const input = path.join(dir, 'rows.csv');
    writeFileSync(input, ['f0,f1,f2,f3', ...cases.rows.map((row) => row.join(','))].join('\n'));
    const result = await ballast(
      'predict',
      '--model',
      path.join(fixtures, 'scores-logits', 'model.onnx'),
      '--input',
      input,
      '--scores',
      'logits',
      '--classes',
      'low,medium,high',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { label: string; probabilities: number[] });
    expect(lines.map((line) => line.label)).toEqual(cases.served.labels);
    lines.forEach((line, row) =>
      line.probabilities.forEach((p, k) => expect(Math.abs(p - cases.served.probabilities[row]![k]!)).toBeLessThan(1e-5)),
    );

    const refused = await ballast(
      'predict',
      '--model',
      path.join(fixtures, 'scores-logits', 'model.onnx'),
      '--input',
      input,
      '--scores',
      'odds',
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('odds');
  });

  it('registers a sigmoid network as a binary classifier with --task classification', async () => {
    const result = await ballast(
      'models',
      'register',
      'churn',
      path.join(fixtures, 'scores-sigmoid', 'model.onnx'),
      '--task',
      'classification',
      '--classes',
      'stays,leaves',
      '--json',
    );
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).version.signature.output).toEqual({
      kind: 'binary',
      classes: ['stays', 'leaves'],
      scores: 'probabilities',
    });
  });

  it('refuses a model whose tensor is kept in an external file, even when that file is in the working directory', async () => {
    writeFileSync(path.join(dir, 'secret.txt'), fixtureCases('external-data').secret_txt!);
    const result = await ballast('models', 'register', 'leak', path.join(fixtures, 'external-data', 'model.onnx'), '--features', 'index');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: .*keeps tensor "w" in the external file "secret.txt"/);
    const offline = await ballast(
      'predict',
      '--model',
      path.join(fixtures, 'external-data', 'model.onnx'),
      '--input',
      path.join(dir, 'secret.txt'),
    );
    expect(offline.code).toBe(2);
    expect(offline.stderr).toContain('external file');
  });
});

describe('ballast models register with a file it must not read whole', () => {
  it('refuses /dev/zero at once instead of reading without end', async () => {
    const result = await ballast('models', 'register', 'zero', '/dev/zero');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: /dev/zero: not a regular file (a device, pipe or socket); give the model file itself\n');
  });

  it('refuses a model file above --max-artifact-bytes or BALLAST_MAX_ARTIFACT_BYTES', async () => {
    const model = path.join(fixtures, 'scores-softmax', 'model.onnx');
    const byOption = await ballast('models', 'register', 'small', model, '--max-artifact-bytes', '100');
    expect(byOption.code).toBe(2);
    expect(byOption.stderr).toMatch(/^error: .*model.onnx: \d+ bytes is more than the 100 bytes a model artifact may have/);
    const byEnv = await ballastWith({ BALLAST_MAX_ARTIFACT_BYTES: '100' }, 'predict', '--model', model, '--input', model);
    expect(byEnv.code).toBe(2);
    expect(byEnv.stderr).toContain('more than the 100 bytes');
    const allowed = await ballastWith({ BALLAST_MAX_ARTIFACT_BYTES: '1KiB' }, 'models', 'register', 'small', model);
    expect(allowed.stderr).toBe('');
    expect(allowed.code).toBe(0);
  });
});
