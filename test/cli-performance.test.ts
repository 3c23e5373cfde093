import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PerformanceEstimationReport } from '../src/app/performance-estimation/file-performance.ts';
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
