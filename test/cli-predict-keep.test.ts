import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

// `ballast predict --keep applicant_id`: an id column carried through to each output line (issue 12).

const root = path.resolve(import.meta.dirname, '..');
const examples = path.join(root, 'examples', 'credit');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-keep-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data') });
}

describe('ballast predict --keep', () => {
  it('writes the kept columns into every output line, in input order', async () => {
    const result = await ballast(
      'predict',
      '--model',
      path.join(examples, 'model.lgb.txt'),
      '--input',
      path.join(examples, 'live.csv'),
      '--keep',
      'applicant_id,sex',
    );
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(5000);
    expect(lines[0]).toMatchObject({
      applicant_id: 'LV-000001',
      sex: expect.stringMatching(/^[FM]$/),
      label: expect.anything(),
      probabilities: expect.any(Array),
    });
    expect(lines[4999]!.applicant_id).toBe('LV-005000');
  }, 60_000);

  it('refuses an unknown column with a usage error, exit 2', async () => {
    const result = await ballast(
      'predict',
      '--model',
      path.join(examples, 'model.lgb.txt'),
      '--input',
      path.join(examples, 'live.csv'),
      '--keep',
      'applicant',
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --keep applicant: not a column of live\.csv \(its columns are applicant_id, /);
    expect(result.stdout).toBe('');
  }, 60_000);
});
