import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentPerformance } from '../src/app/performance/deployment-performance.ts';
import { classifications, seedPerformanceDeployment, sendLabels, T0 } from '../src/app/performance/testing/performance-test-data.ts';
import type { PerformanceEstimationReport } from '../src/app/performance-estimation/file-performance.ts';
import { openStore } from '../src/store/store.ts';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

const root = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(root, 'test', 'fixtures', 'performance-estimation');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-performance-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir });
}

const multiclass = ['--label', 'label', '--prediction', 'prediction', '--score', 'fox=p_fox,cat=p_cat,dog=p_dog'];

describe('ballast performance REFERENCE ANALYSIS', () => {
  it('prints the estimates per chunk as JSON in the documented shape, and writes an HTML page', async () => {
    const html = path.join(dir, 'performance.html');
    const out = await ballast(
      'performance',
      path.join(fixtures, 'made-multiclass-reference.csv'),
      path.join(fixtures, 'made-multiclass-analysis.csv'),
      ...multiclass,
      '--chunk-size',
      '1000',
      '--metrics',
      'roc_auc,accuracy',
      '--json',
      '--html',
      html,
    );
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout) as PerformanceEstimationReport;
    expect(report.problem).toBe('multiclass');
    expect(report.classes).toEqual(['cat', 'dog', 'fox']);
    expect(report.chunks.map((c) => [c.start, c.end, c.rows, c.labelled_rows])).toEqual([
      [0, 999, 1000, 1000],
      [1000, 1999, 1000, 1000],
      [2000, 2999, 1000, 1000],
    ]);
    for (const chunk of report.chunks) {
      expect(Object.keys(chunk.metrics)).toEqual(['roc_auc', 'accuracy']);
      for (const m of Object.values(chunk.metrics))
        expect(Object.keys(m).sort()).toEqual(['alert', 'estimated', 'lower', 'realized', 'sampling_error', 'upper']);
    }
    // The analysis data shifts in its second half: the estimate falls below the band there.
    expect(report.chunks[0]!.metrics.accuracy!.alert).toBe(false);
    expect(report.chunks[2]!.metrics.accuracy!.alert).toBe(true);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<h2>accuracy</h2>');
    expect(page).toContain('outside the reference band');
  });

  it('prints a table by default', async () => {
    const out = await ballast(
      'performance',
      path.join(fixtures, 'made-binary-reference.csv'),
      path.join(fixtures, 'made-binary-analysis.csv'),
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--score',
      'score',
      '--chunks',
      '3',
    );
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^binary classifier, classes 0, 1/);
    expect(out.stdout).toMatch(/0–999 +1000 /);
  });

  const ref = (): string => path.join(fixtures, 'made-binary-reference.csv');
  const badFile = (text: string): string => {
    const file = path.join(dir, `bad-${Math.abs(text.length * 31 + text.charCodeAt(text.length - 2))}.csv`);
    writeFileSync(file, text);
    return file;
  };

  it('exits 2 on a score outside [0, 1] or a missing column', async () => {
    const bad = badFile('prediction,score\n1,0.9\n0,-0.1\n');
    const outside = await ballast('performance', ref(), bad, '--label', 'label', '--prediction', 'prediction', '--score', 'score');
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/row 2: score column "score" holds "-0.1"; scores must be probabilities in \[0, 1\]/);

    const missing = await ballast('performance', ref(), bad, '--label', 'label', '--prediction', 'predicted', '--score', 'score');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no column "predicted"/);
  });

  it('exits 2 on an unknown class', async () => {
    const unknownClass = await ballast(
      'performance',
      path.join(fixtures, 'made-multiclass-reference.csv'),
      path.join(fixtures, 'made-multiclass-analysis.csv'),
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--score',
      'cat=p_cat,dog=p_dog,owl=p_fox',
    );
    expect(unknownClass.code).toBe(2);
    expect(unknownClass.stderr).toMatch(/class "owl" never appears among the reference labels/);

    const bad = badFile('prediction,score\n1,0.9\n2,0.5\n');
    const unknownPrediction = await ballast(
      'performance',
      ref(),
      bad,
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--score',
      'score',
      '--chunk-size',
      '1',
    );
    expect(unknownPrediction.code).toBe(2);
    expect(unknownPrediction.stderr).toMatch(/row 2: unknown class "2" in the prediction column "prediction" \(the classes are "0", "1"\)/);
  });

  it('exits 2 on bad options', async () => {
    const bad = badFile('prediction,score\n1,0.9\n0,0.1\n');
    const metric = await ballast(
      'performance',
      ref(),
      bad,
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--score',
      'score',
      '--metrics',
      'auc',
    );
    expect(metric.code).toBe(2);
    expect(metric.stderr).toMatch(/the metric list cannot be used: metrics\[0\]: "auc" is not a metric; CBPE estimates roc_auc/);

    const both = await ballast(
      'performance',
      ref(),
      bad,
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--score',
      'score',
      '--chunks',
      '2',
      '--chunk-size',
      '5',
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--chunk-size or --chunks, not both/);
  });
});

describe('ballast performance DEPLOYMENT', () => {
  it("reads a deployment's logged predictions and labels from the store: a table, or --json in the API's shape", async () => {
    const dataDir = path.join(dir, 'online');
    const store = await openStore(`sqlite:${path.join(dataDir, 'ballast.db')}`);
    const { records, rows } = classifications(T0, 300, 5);
    try {
      await seedPerformanceDeployment(store);
      await store.predictions.insertMany(records);
      await sendLabels(
        store,
        rows.slice(0, 240).map((r) => ({ predictionId: r.id, label: r.truth })),
        '2026-11-25T10:30:00Z',
      );
    } finally {
      await store.close();
    }
    const online = (...args: string[]) => runBallast(['performance', ...args], { cwd: dir, dataDir });
    const range = ['--from', '2026-11-25T10:00:00Z', '--to', '2026-11-25T11:00:00Z'];
    const json = await online('credit', ...range, '--window', '5m', '--json');
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout) as DeploymentPerformance;
    expect(result).toMatchObject({ deployment: 'credit', task: 'classification', window: '5m', estimation: null });
    expect(result.windows.map((w) => [w.start, w.rows, w.labelled_rows])).toEqual([['2026-11-25T10:00:00.000Z', 300, 240]]);
    const accuracy = rows.slice(0, 240).filter((r) => r.truth === r.predicted).length / 240;
    expect(result.windows[0]!.metrics.accuracy!.realized).toBeCloseTo(accuracy, 12);

    const table = await online('credit', ...range, '--window', '5m');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /^credit: 1 window of 5m from 2026-11-25T10:00:00.000Z to 2026-11-25T11:00:00.000Z; realised from labels only/,
    );
    expect(table.stdout).toContain(`credit:1       300       80%           ${accuracy.toFixed(3)}`);
    expect(table.stdout).toMatch(/region north has accuracy/);

    const unknown = await online('nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no deployment named "nope"/);
    const fileOption = await online('credit', '--label', 'y');
    expect(fileOption.code).toBe(2);
    expect(fileOption.stderr).toMatch(
      /--label is for the file form \(performance REFERENCE ANALYSIS\); with one argument, "credit" is read as a deployment/,
    );
  });

  it('tells the two forms apart: two files need --label, --prediction and --score; three arguments are refused', async () => {
    const ref = (): string => path.join(fixtures, 'made-binary-reference.csv');
    const files = await ballast('performance', ref(), ref());
    expect(files.code).toBe(2);
    expect(files.stderr).toMatch(/estimating from files \(performance REFERENCE ANALYSIS\) needs --label, --prediction, --score/);
    const window = await ballast(
      'performance',
      ref(),
      ref(),
      '--window',
      '1h',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--score',
      'score',
    );
    expect(window.code).toBe(2);
    expect(window.stderr).toMatch(/--window is for a deployment/);
    const three = await ballast('performance', 'a', 'b', 'c');
    expect(three.code).toBe(2);
    expect(three.stderr).toMatch(/too many arguments/);
  });
});
