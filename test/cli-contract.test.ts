import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

const root = path.resolve(import.meta.dirname, '..');
const examples = path.join(root, 'examples', 'credit');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-contract-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data') });
}

describe('ballast contract', () => {
  it('infers a contract that fresh data from the same source passes, and that drifted data fails', async () => {
    const contract = path.join(dir, 'credit.yaml');
    const inferred = await ballast('contract', 'infer', path.join(examples, 'train.csv'), '--label', 'default', '--output', contract);
    expect(inferred.code).toBe(0);
    expect(readFileSync(contract, 'utf8')).toMatch(/^format: ballast\.contract\/v1/);

    const live = await ballast('contract', 'validate', contract, path.join(examples, 'live.csv'), '--json');
    expect(live.code).toBe(0);
    expect(JSON.parse(live.stdout)).toEqual({ passed: true, rows: 5000, issues: [] });

    const html = path.join(dir, 'report.html');
    const drifted = await ballast('contract', 'validate', contract, path.join(examples, 'live_drifted.csv'), '--json', '--html', html);
    expect(drifted.code).toBe(1);
    const report = JSON.parse(drifted.stdout);
    expect(report.passed).toBe(false);
    const purpose = report.issues.find((i: { column: string }) => i.column === 'purpose');
    expect(purpose).toMatchObject({
      code: 'unknown_category',
      severity: 'error',
      examples: expect.arrayContaining([expect.objectContaining({ value: 'green_energy' })]),
    });
    expect(Object.keys(purpose).sort()).toEqual(['code', 'column', 'count', 'examples', 'message', 'severity', 'share']);
    expect(readFileSync(html, 'utf8')).toContain('green_energy');
  });

  it('answers a broken contract or data file with exit code 2 and the place of each problem', async () => {
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'format: ballast.contract/v1\ncolumns:\n  age: { type: integer, min: 9, max: 1 }\n  income: { type: number, values: [1, 2] }\n',
    );
    const refused = await ballast('contract', 'validate', bad, path.join(examples, 'live.csv'));
    expect(refused.code).toBe(2);
    // The message names the first problem; every problem follows on its own line.
    expect(refused.stderr).toMatch(
      /^error: bad\.yaml is not a valid contract: columns\.age\.min: .* greater than max .*\(and 1 more problem\)\n {2}columns\.age\.min: .*\n {2}columns\.income\.values.*\n$/,
    );

    const ragged = path.join(dir, 'ragged.csv');
    writeFileSync(ragged, 'age,income\n30,100\n40\n');
    const good = path.join(dir, 'good.yaml');
    writeFileSync(good, 'format: ballast.contract/v1\ncolumns:\n  age: { type: integer }\n  income: { type: number }\n');
    const unreadable = await ballast('contract', 'validate', good, ragged);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain('ragged.csv: row 2 (line 3) has 1 fields, the header has 2');
  });

  it("gates registration on the contract and shows the version's contract", async () => {
    const strict = path.join(dir, 'strict.yaml');
    writeFileSync(strict, 'format: ballast.contract/v1\ncolumns:\n  age: { type: integer, min: 18, max: 30 }\n');
    const model = path.join(examples, 'model.xgb.json');
    const train = path.join(examples, 'train.csv');
    const refused = await ballast(
      'models',
      'register',
      'credit',
      model,
      '--training-data',
      train,
      '--label',
      'default',
      '--contract',
      strict,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: the training data breaks .*: age: /);
    expect((await ballast('models', 'list')).stdout).not.toContain('credit');

    const forced = await ballast(
      'models',
      'register',
      'credit',
      model,
      '--training-data',
      train,
      '--no-importance',
      '--label',
      'default',
      '--contract',
      strict,
      '--force',
      '--reason',
      'approved by the risk committee',
    );
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('FAILED, registered anyway');
    const shown = await ballast('contract', 'show', 'credit:1');
    expect(shown.stdout).toContain('max: 30');
    expect((await ballast('audit', 'list')).stdout).toContain('model.register.forced');
    expect(existsSync(path.join(dir, 'data', 'ballast.db'))).toBe(true);
  });

  it('diffs two contracts and exports one as a JSON Schema of a row', async () => {
    const before = path.join(dir, 'before.yaml');
    const after = path.join(dir, 'after.yaml');
    writeFileSync(
      before,
      'format: ballast.contract/v1\ncolumns:\n  age: { type: integer, min: 18, max: 80 }\n  purpose: { type: category, values: [car, home] }\n',
    );
    writeFileSync(
      after,
      'format: ballast.contract/v1\ncolumns:\n  age: { type: integer, min: 21, max: 80 }\n  purpose: { type: category, values: [car, home, boat] }\n  term: { type: integer }\n',
    );
    const diff = await ballast('contract', 'diff', before, after, '--json');
    expect(diff.code).toBe(1);
    const { changes } = JSON.parse(diff.stdout);
    expect(changes.map((c: { column: string; breaking: boolean }) => `${c.column}:${c.breaking}`)).toEqual(
      expect.arrayContaining(['age:true', 'term:true']),
    );
    expect((await ballast('contract', 'diff', before, before)).stdout.trim()).toBe('no schema changes');

    const exported = await ballast('contract', 'export', after, '--json-schema');
    expect(exported.code).toBe(0);
    const schema = JSON.parse(exported.stdout);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.properties.purpose.enum).toEqual(expect.arrayContaining(['car', 'home', 'boat']));
    expect(schema.required).toEqual(['age', 'purpose', 'term']);
  });
});
