import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBallast } from './testing/run-ballast.ts';

const fixtures = path.resolve(import.meta.dirname, 'fixtures', 'explain', 'permutation-importance');
const model = path.join(fixtures, 'logistic.onnx');
const data = path.join(fixtures, 'labelled.csv');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-cli-permutation-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ballast = (...args: string[]) => runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data') });

describe('ballast permutation-importance', () => {
  it('ranks a model file’s inputs on labelled data, the same for the same seed, as a table or JSON', async () => {
    const json = await ballast(
      'permutation-importance',
      '--model',
      model,
      '--data',
      data,
      '--label',
      'default',
      '--metric',
      'roc_auc',
      '--seed',
      '4',
      '--json',
    );
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as {
      metric: string;
      higher_is_better: boolean;
      repeats: number;
      seed: number;
      features: { feature: string; rank: number; importance_mean: number }[];
    };
    expect(report).toMatchObject({ metric: 'roc_auc', higher_is_better: true, repeats: 5, seed: 4, rows: 300 });
    expect(report.features.slice(0, 3).map((f) => f.feature)).toEqual(['f0', 'f1', 'f2']);
    const again = await ballast(
      'permutation-importance',
      '--model',
      model,
      '--data',
      data,
      '--label',
      'default',
      '--metric',
      'roc_auc',
      '--seed',
      '4',
      '--json',
    );
    expect(again.stdout).toBe(json.stdout);

    const table = await ballast('permutation-importance', '--model', model, '--data', data, '--label', 'default');
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/logistic\.onnx on 300 rows of .*labelled\.csv: accuracy 0\.\d{4}, 5 shuffles per input, seed 0$/);
    expect(lines[1]).toBe('rank  feature  importance (drop in accuracy)');
    expect(lines[2]).toMatch(/^ {3}1 {2}f0 +0\.\d{4} ± 0\.\d{4}$/);
    expect(lines).toHaveLength(8);
  });

  it('exits 2 with a clear message on a missing label column, a metric of the other task, or no model', async () => {
    const label = await ballast('permutation-importance', '--model', model, '--data', data, '--label', 'outcome');
    expect(label.code).toBe(2);
    expect(label.stderr).toContain('no label column "outcome"');
    const metric = await ballast('permutation-importance', '--model', model, '--data', data, '--label', 'default', '--metric', 'mae');
    expect(metric.code).toBe(2);
    expect(metric.stderr).toContain('mae is a regression metric');
    const none = await ballast('permutation-importance', '--data', data, '--label', 'default');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('needs a registered model reference or --model FILE');
    const repeats = await ballast('permutation-importance', '--model', model, '--data', data, '--label', 'default', '--repeats', '0');
    expect(repeats.code).toBe(2);
  });

  it('reads a registered version the same as its file', async () => {
    expect((await ballast('models', 'register', 'logit', model)).code).toBe(0);
    const args = ['--data', data, '--label', 'default', '--seed', '2', '--repeats', '2', '--json'];
    const registered = await ballast('permutation-importance', 'logit:1', ...args);
    expect(registered.code).toBe(0);
    const file = await ballast('permutation-importance', '--model', model, ...args);
    const features = (text: string) => (JSON.parse(text) as { features: unknown }).features;
    expect(JSON.parse(registered.stdout)).toMatchObject({ model: 'logit:1' });
    expect(features(registered.stdout)).toEqual(features(file.stdout));
  });
});
