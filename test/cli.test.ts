import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

const root = path.resolve(import.meta.dirname, '..');
const examples = path.join(root, 'examples', 'credit');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real binary, as a user would, against a data directory of its own. */
function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data'), env: { BALLAST_ACTOR: 'ci' } });
}

describe('ballast CLI', () => {
  it('registers a model with training data, shows its lineage and lists it', async () => {
    const registered = await ballast(
      'models',
      'register',
      'credit',
      path.join(examples, 'model.xgb.json'),
      '--training-data',
      path.join(examples, 'train.csv'),
      '--label',
      'default',
      '--code-ref',
      '0123abc',
      '--alias',
      'champion',
      '--metric',
      'auc=0.82',
      // Few rows: this test looks at the line registration prints, not at the ranking.
      '--importance-rows',
      '3',
      '--importance-background-rows',
      '2',
    );
    expect(registered.stderr).toBe('');
    expect(registered.code).toBe(0);
    expect(registered.stdout).toContain('registered credit:1 (alias credit@champion)');
    expect(registered.stdout).toContain('training   20000 rows × 17 columns');
    expect(registered.stdout).toContain('importance computed on a sample of the training data (ballast importance credit:1)');

    const shown = await ballast('models', 'show', 'credit@champion', '--json');
    const lineage = JSON.parse(shown.stdout);
    expect(lineage.version).toMatchObject({ version: 1, codeRef: '0123abc', metrics: { auc: 0.82 }, createdBy: 'ci' });
    expect(lineage.snapshot.rowCount).toBe(20000);

    const listed = await ballast('models', 'list');
    expect(listed.stdout).toMatch(/credit\s+1\s+1\s+ci/);

    const snapshot = await ballast('snapshots', 'show', lineage.snapshot.sha256.slice(0, 8));
    expect(snapshot.stdout).toContain('credit:1  xgboost');
  });

  it('scores a file with a registered version and with a model file, in input order', async () => {
    const byRef = await ballast('predict', '--model', 'credit@champion', '--input', path.join(examples, 'live.csv'));
    expect(byRef.code).toBe(0);
    const lines = byRef.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5000);
    const expected = JSON.parse(readFileSync(path.join(examples, 'expected_predictions.json'), 'utf8'));
    const probabilities: number[] = expected.models['model.xgb.json'].probability;
    probabilities.forEach((p, i) => expect(lines[i].probabilities[1]).toBeCloseTo(p, 5));

    const out = path.join(dir, 'scores.jsonl');
    const byFile = await ballast(
      'predict',
      '--model',
      path.join(examples, 'model.lgb.txt'),
      '--input',
      path.join(examples, 'live.csv'),
      '--output',
      out,
    );
    expect(byFile.code).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(5000);
  });

  it('answers bad input with a one-line error, exit code 2 and nothing written', async () => {
    const pickle = path.join(dir, 'model.pkl');
    writeFileSync(pickle, Buffer.from([0x80, 0x04, 0x95]));
    const refused = await ballast('models', 'register', 'evil', pickle);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/^error: model\.pkl: .*ONNX \(\.onnx\), XGBoost JSON \(\.json\) and LightGBM text \(\.txt\)/);

    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'age,income\n30,abc\n');
    const out = path.join(dir, 'never.jsonl');
    const failed = await ballast('predict', '--model', 'credit:1', '--input', bad, '--output', out);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/^error: bad\.csv: missing columns "employment_type"/);
    expect(existsSync(out)).toBe(false);

    expect((await ballast('models', 'show', 'nope')).stderr).toBe('error: no model named "nope"\n');
    expect((await ballast('models', 'show', 'credit:7')).stderr).toBe('error: model "credit" has no version 7\n');
    expect((await ballast('models', 'show', 'credit@gone')).code).toBe(2);
    expect((await ballast('models', 'list')).stdout).not.toContain('evil');
    expect((await ballast('models', 'frobnicate')).code).toBe(2);
  });

  it('verifies the audit log and names the first entry edited behind its back', async () => {
    const intact = await ballast('audit', 'verify');
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/^audit log intact: 2 entries, head 2:[0-9a-f]{64}$/m);
    const head = (await ballast('audit', 'head')).stdout.trim();
    expect(head).toMatch(/^2:[0-9a-f]{64}$/);

    const db = new Database(path.join(dir, 'data', 'ballast.db'));
    db.prepare("update audit_log set actor = 'mallory' where seq = 1").run();
    db.close();
    const broken = await ballast('audit', 'verify', '--expect', head);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^error: audit log broken at entry 1 \(hash_mismatch\)/);
  });
});
