import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriftReport } from '../src/core/drift/drift-report.ts';
import { DatasetProfile } from '../src/core/profiles/dataset-profile.ts';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

const root = path.resolve(import.meta.dirname, '..');
const examples = path.join(root, 'examples', 'credit');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-drift-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir });
}

describe('ballast drift', () => {
  it('finds no drift in fresh data from the training population, and drift in the drifted population', async () => {
    const live = await ballast('drift', path.join(examples, 'train.csv'), path.join(examples, 'live.csv'), '--json', '--fail-on-drift');
    expect(live.code).toBe(0);
    const same = JSON.parse(live.stdout) as DriftReport;
    expect(same.dataset).toMatchObject({ drifted: false, drifted_columns: 0 });
    expect(same.skipped).toEqual([{ name: 'applicant_id', reason: expect.stringMatching(/^looks like an identifier/) }]);

    const html = path.join(dir, 'drift.html');
    const drifted = await ballast(
      'drift',
      path.join(examples, 'train.csv'),
      path.join(examples, 'live_drifted.csv'),
      '--json',
      '--html',
      html,
      '--fail-on-drift',
    );
    expect(drifted.code).toBe(1);
    const report = JSON.parse(drifted.stdout) as DriftReport;
    expect(report.dataset.drifted).toBe(true);
    const purpose = report.columns.find((c) => c.name === 'purpose')!;
    expect(purpose).toMatchObject({ type: 'categorical', method: 'chi2', drifted: true, note: expect.stringMatching(/green_energy/) });
    expect(readFileSync(html, 'utf8')).toMatch(/<svg/);
    expect(drifted.stderr).toBe(`wrote the HTML report to ${html}\n`);
  });

  it('prints a table, takes --columns and per-column thresholds, and refuses bad options', async () => {
    const text = await ballast(
      'drift',
      path.join(examples, 'train.csv'),
      path.join(examples, 'live_drifted.csv'),
      '--columns',
      'age,sex',
      '--threshold',
      'age=5',
    );
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Dataset not drifted: 0 of 2 columns drifted/);
    expect(text.stdout).toMatch(/\nage +numeric +ks .* ok/);
    const bad = await ballast('drift', path.join(examples, 'train.csv'), path.join(examples, 'live.csv'), '--alpha', '2');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/between 0 and 1/);
    const missing = await ballast('drift', path.join(examples, 'train.csv'), path.join(dir, 'nope.csv'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.csv/);
  });
});

describe('ballast profile', () => {
  it('writes a dataset profile that reads back', async () => {
    const out = await ballast('profile', path.join(examples, 'train.csv'), '--columns', 'age,purpose');
    expect(out.code).toBe(0);
    const profile = DatasetProfile.fromJSON(JSON.parse(out.stdout));
    expect(profile.columns.map((c) => [c.schema.name, c.kind])).toEqual([
      ['age', 'numeric'],
      ['purpose', 'categorical'],
    ]);
    expect(profile.rows).toBeGreaterThan(1000);
    expect(profile.column('age')!.schema.edges!.length).toBeGreaterThan(5);
  });
});

describe('ballast monitoring', () => {
  it("reads a deployment's windows from the store, and names an unknown deployment", async () => {
    const data = ['--data-dir', path.join(dir, 'store')];
    expect(
      (
        await ballast(
          ...data,
          'models',
          'register',
          'credit',
          path.join(examples, 'model.xgb.json'),
          '--training-data',
          path.join(examples, 'train.csv'),
          '--no-importance',
          '--label',
          'default',
        )
      ).code,
    ).toBe(0);
    expect((await ballast(...data, 'deploy', 'watched', '--model', 'credit:1')).code).toBe(0);
    const empty = await ballast(...data, 'monitoring', 'watched', '--window', '5m');
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/^watched: 0 windows of 5m from .*; reference credit:1 \(20000 rows\)\nno traffic profiled in this range/);
    const json = JSON.parse((await ballast(...data, 'monitoring', 'watched', '--json')).stdout);
    expect(json).toMatchObject({ deployment: 'watched', window: '1m', windows: [] });
    const unknown = await ballast(...data, 'monitoring', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no deployment named "nope"/);
    expect((await ballast(...data, 'monitoring', 'watched', '--window', '7s')).code).toBe(2);
  });
});
