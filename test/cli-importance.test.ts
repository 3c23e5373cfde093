import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeImportanceModel } from '../src/app/explain/testing/importance-model.ts';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-cli-importance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data'), env: { BALLAST_ACTOR: 'ci' } });
}

describe('ballast importance', () => {
  const files = writeImportanceModel(dir);
  const training = ['--training-data', files.trainingData, '--label', 'y'];

  it('registration computes it, --json says so, and the command ranks the features', async () => {
    const registered = await ballast('models', 'register', 'toy', files.modelFile, ...training, '--importance-rows', '30', '--json');
    expect(registered.code).toBe(0);
    expect(JSON.parse(registered.stdout).importance).toEqual({ status: 'computed' });

    const shown = await ballast('importance', 'toy:1');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^toy:1: \w+ on 30 training rows \(seed 0, value space\)/);
    expect(shown.stdout).toMatch(/\n\s+1 {2}b\s.*\n\s+2 {2}a\s.*\n\s+3 {2}c\s/);

    const json = JSON.parse((await ballast('importance', 'toy', '--json')).stdout);
    expect(json).toMatchObject({ model: 'toy', version: 1, sample_rows: 30, seed: 0 });
    expect(json.features.map((f: { feature: string }) => f.feature)).toEqual(['b', 'a', 'c']);
  });

  it('--recompute stores a new computation with the sizes and seed given, and audits it', async () => {
    const recomputed = await ballast(
      'importance',
      'toy:1',
      '--recompute',
      '--rows',
      '12',
      '--background-rows',
      '4',
      '--seed',
      '3',
      '--json',
    );
    expect(recomputed.code).toBe(0);
    expect(JSON.parse(recomputed.stdout)).toMatchObject({ sample_rows: 12, seed: 3 });
    expect(JSON.parse((await ballast('importance', 'toy:1', '--json')).stdout)).toMatchObject({ sample_rows: 12, seed: 3 });
    expect((await ballast('audit', 'list', '--json')).stdout).toContain('importance.recompute');
  });

  it('says why a version has none, and refuses sizes without --recompute', async () => {
    const bare = await ballast('models', 'register', 'toy', files.modelFile);
    expect(bare.stdout).toContain('importance skipped: no training data');
    const off = await ballast('models', 'register', 'toy', files.modelFile, ...training, '--no-importance');
    expect(off.stdout).toContain('importance skipped: not asked for; compute it with ballast importance toy:3 --recompute');

    const missing = await ballast('importance', 'toy:2');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/toy:2 has no global importance: it was registered without training data/);
    const sizes = await ballast('importance', 'toy:1', '--rows', '5');
    expect(sizes.code).toBe(2);
    expect(sizes.stderr).toContain('--rows, --background-rows and --seed need --recompute');
  });

  it('ranks the drift report by it: the table, --json and the HTML page, ordered with --order importance', async () => {
    const shifted = path.join(dir, 'shifted.csv');
    const [header, ...rows] = readFileSync(files.trainingData, 'utf8').trim().split('\n');
    writeFileSync(
      shifted,
      [
        header,
        ...rows.map((r) =>
          r
            .split(',')
            .map((v, i) => (i === 0 ? String(Number(v) + 5) : v))
            .join(','),
        ),
      ].join('\n') + '\n',
    );
    const html = path.join(dir, 'drift.html');
    const json = await ballast('drift', files.trainingData, shifted, '--model', 'toy:1', '--order', 'importance', '--json', '--html', html);
    expect(json.code).toBe(0);
    const columns = JSON.parse(json.stdout).columns as { name: string; importance_rank: number | null; drifted: boolean }[];
    expect(columns.map((c) => [c.name, c.importance_rank])).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', 3],
      ['y', null],
    ]);
    expect(columns.find((c) => c.name === 'a')!.drifted).toBe(true);
    expect(readFileSync(html, 'utf8')).toContain('Importance rank</th>');

    const table = await ballast('drift', files.trainingData, shifted, '--model', 'toy:1');
    expect(table.stdout).toMatch(/\n {3}2 {2}a +numeric .*DRIFTED\n/);

    const noModel = await ballast('drift', files.trainingData, shifted, '--order', 'importance');
    expect(noModel.code).toBe(2);
    expect(noModel.stderr).toContain('--order importance needs --model MODEL_REF');
    const noImportance = await ballast('drift', files.trainingData, shifted, '--model', 'toy:2', '--order', 'importance');
    expect(noImportance.code).toBe(2);
    expect(noImportance.stderr).toMatch(/toy:2 has no global importance/);
  });
});
