import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

// Every command that reads a data file, run on the same rows written as CSV (the credit example's
// own lines) and as Parquet (written by pyarrow: test/fixtures/parquet/make_parquet.py), must answer
// the same. Parquet is a second way to hand Ballast the data, never a second meaning of it.
const root = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(root, 'test', 'fixtures', 'parquet');
const model = path.join(root, 'examples', 'credit', 'model.xgb.json');
const suite = path.join(root, 'examples', 'credit', 'tests.yaml');
const contract = path.join(root, 'examples', 'credit', 'contract.yaml');
/** Each test spawns the CLI a few times; the machine running the suite may be busy. */
const CLI_TIMEOUT_MS = 240_000;
let dir: string;
let dataDir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-parquet-cli-'));
  dataDir = path.join(dir, 'data');
  // One base name per dataset, so outputs that name the file compare once the extension is neutral.
  for (const format of ['csv', 'parquet'])
    for (const stem of ['train', 'live', 'live_drifted']) copyFileSync(path.join(fixtures, `credit-${stem}.${format}`), file(format, stem));
  for (const format of ['csv', 'parquet'])
    for (const stem of ['scored-reference', 'scored-analysis']) copyFileSync(path.join(fixtures, `${stem}.${format}`), file(format, stem));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(format: string, stem: string): string {
  return path.join(dir, `${stem}.${format}`);
}

async function both(args: (format: string) => string[], options: { dataDir?: boolean } = {}): Promise<[CliResult, CliResult]> {
  const run = (format: string) => runBallast(args(format), { cwd: dir, ...(options.dataDir ? { dataDir } : {}) });
  // Commands on one data directory run one after the other (the first creates it).
  if (options.dataDir) return [await run('csv'), await run('parquet')];
  const [csv, parquet] = await Promise.all([run('csv'), run('parquet')]);
  return [csv, parquet];
}

/** Output with the data files' names made format-neutral. */
function neutral(text: string): string {
  return text.replace(/\.(csv|parquet)\b/g, '.DATA');
}

describe('Parquet input, command by command, against the same rows as CSV', () => {
  it(
    'contract infer and contract validate',
    async () => {
      const [csv, parquet] = await both((f) => ['contract', 'infer', file(f, 'train'), '--label', 'default', '--format', 'json']);
      expect(parquet.code).toBe(0);
      expect(neutral(parquet.stdout)).toBe(neutral(csv.stdout));
      const inferred = path.join(dir, 'contract.json');
      await runBallast(['contract', 'infer', file('csv', 'train'), '--label', 'default', '--format', 'json', '--output', inferred], {
        cwd: dir,
      });
      const [valid, validParquet] = await both((f) => ['contract', 'validate', inferred, file(f, 'live_drifted'), '--json']);
      expect(validParquet.code).toBe(valid.code);
      expect(JSON.parse(validParquet.stdout)).toEqual(JSON.parse(valid.stdout));
      expect((JSON.parse(valid.stdout) as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'profile and drift',
    async () => {
      const [csv, parquet] = await both((f) => ['profile', file(f, 'live'), '--output', path.join(dir, `profile-${f}.json`)]);
      expect(parquet.code).toBe(0);
      expect(csv.code).toBe(0);
      expect(readFileSync(path.join(dir, 'profile-parquet.json'), 'utf8')).toBe(readFileSync(path.join(dir, 'profile-csv.json'), 'utf8'));
      const [drift, driftParquet] = await both((f) => ['drift', file(f, 'train'), file(f, 'live_drifted'), '--json']);
      expect(driftParquet.code).toBe(0);
      expect(JSON.parse(driftParquet.stdout)).toEqual(JSON.parse(drift.stdout));
      expect((JSON.parse(drift.stdout) as { dataset: { drifted: boolean } }).dataset.drifted).toBe(true);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'predict and explain',
    async () => {
      const [csv, parquet] = await both((f) => ['predict', '--model', model, '--input', file(f, 'live'), '--keep', 'applicant_id,age']);
      expect(parquet.code).toBe(0);
      expect(parquet.stdout.split('\n')).toHaveLength(1001);
      // Kept values come typed from Parquet ("age": 60) and as text from CSV ("age": "60"); the scores are identical.
      const scores = (text: string) =>
        text
          .trim()
          .split('\n')
          .map((line) => ({ ...(JSON.parse(line) as object), age: undefined }));
      expect(scores(parquet.stdout)).toEqual(scores(csv.stdout));
      expect(JSON.parse(parquet.stdout.split('\n')[0]!)).toMatchObject({ applicant_id: 'LV-000001', age: 60 });
      const [explained, explainedParquet] = await both((f) => ['explain', '--model', model, '--input', file(f, 'live'), '--top', '3']);
      expect(explainedParquet.code).toBe(0);
      // The reasons quote each value as the file gives it ("0.0" in CSV, 0 in Parquet); all else is identical.
      const figures = (text: string) =>
        text
          .trim()
          .split('\n')
          .map((line) => ({ ...(JSON.parse(line) as object), reasons: undefined }));
      expect(figures(explainedParquet.stdout)).toEqual(figures(explained.stdout));
      expect(figures(explained.stdout)).toHaveLength(1000);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'performance estimated from a scored reference and analysis file (labels missing in a third of the rows)',
    async () => {
      const [csv, parquet] = await both((f) => [
        'performance',
        file(f, 'scored-reference'),
        file(f, 'scored-analysis'),
        '--label',
        'label',
        '--prediction',
        'prediction',
        '--score',
        'score',
        '--chunk-size',
        '1000',
        '--json',
      ]);
      expect(parquet.code).toBe(0);
      expect(JSON.parse(parquet.stdout)).toEqual(JSON.parse(csv.stdout));
      expect((JSON.parse(csv.stdout) as { chunks: { labelled_rows: number }[] }).chunks.map((c) => c.labelled_rows)).toEqual([
        666, 667, 667,
      ]);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'models register --training-data: the snapshot keeps its format, and the version reads it back as Parquet',
    async () => {
      const [csv, parquet] = await both(
        // The contract is checked against the training data as it is registered.
        (f) => [
          'models',
          'register',
          `credit-${f}`,
          model,
          '--training-data',
          file(f, 'train'),
          '--label',
          'default',
          '--contract',
          contract,
          '--alias',
          'champion',
        ],
        { dataDir: true },
      );
      expect(csv.code).toBe(0);
      expect(parquet.code).toBe(0);
      const show = async (name: string) =>
        JSON.parse((await runBallast(['models', 'show', `${name}:1`, '--json'], { cwd: dir, dataDir })).stdout) as Record<string, unknown>;
      const [shownCsv, shownParquet] = [await show('credit-csv'), await show('credit-parquet')];
      const snapshot = (shown: Record<string, unknown>) => {
        const { columns, row_count, rowCount, label_column } = (shown.snapshot ?? shown.training_snapshot ?? {}) as Record<string, unknown>;
        return { columns, rows: row_count ?? rowCount, label_column };
      };
      expect(snapshot(shownParquet)).toEqual(snapshot(shownCsv));
      expect(snapshot(shownParquet).rows).toBe(3000);
      // Global importance is computed from a seeded sample of the stored snapshot, which has no file
      // extension any more: only a snapshot read back as Parquet gives the CSV twin's figures.
      const importance = async (name: string) => {
        const shown = JSON.parse((await runBallast(['importance', `${name}:1`, '--json'], { cwd: dir, dataDir })).stdout) as Record<
          string,
          unknown
        >;
        return { ...shown, model: undefined, computed_at: undefined };
      };
      expect(await importance('credit-parquet')).toEqual(await importance('credit-csv'));
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'test: a model test suite on labelled Parquet data',
    async () => {
      const [csv, parquet] = await both(
        (f) => ['test', 'credit-csv:1', '--suite', suite, '--data', file(f, 'live'), '--label', 'default', '--json'],
        { dataDir: true },
      );
      expect(parquet.code).toBe(csv.code);
      const checks = (text: string) => (JSON.parse(text) as { checks: unknown[] }).checks;
      expect(checks(parquet.stdout)).toEqual(checks(csv.stdout));
      expect(checks(csv.stdout).length).toBeGreaterThan(5);
    },
    CLI_TIMEOUT_MS,
  );
});
