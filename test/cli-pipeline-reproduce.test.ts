import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

const root = path.resolve(import.meta.dirname, '..');
const examples = path.join(root, 'examples', 'credit');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-reproduce-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data') });
}

/** The Python modules examples/credit's scripts import, or why they cannot run here. */
function pythonMissing(): string | undefined {
  const modules = ['numpy', 'pandas', 'yaml', 'sklearn', 'xgboost', 'lightgbm', 'onnx', 'onnxruntime', 'skl2onnx'];
  const probe = `import importlib.util as u; print(",".join(m for m in ${JSON.stringify(modules)} if u.find_spec(m) is None))`;
  try {
    const missing = execFileSync('python3', ['-c', probe], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    return missing === '' ? undefined : `python3 lacks ${missing} (pip install -r scripts/requirements-fixtures.txt)`;
  } catch {
    return 'no python3 on this machine';
  }
}

const missing = pythonMissing();
if (missing !== undefined) console.warn(`skipping the examples/credit pipeline reproduction: ${missing}`);

describe('ballast pipeline reproduce', () => {
  it.skipIf(missing !== undefined)(
    "reruns examples/credit's pipeline from its record and finds every output, the model included, byte-identical",
    async () => {
      const credit = path.join(dir, 'credit');
      mkdirSync(credit);
      for (const file of ['pipeline.yaml', 'params.yaml', 'make_data.py', 'train.py'])
        copyFileSync(path.join(examples, file), path.join(credit, file));

      const run = await ballast('pipeline', 'run', 'credit/pipeline.yaml', '--json');
      expect(run.stderr).toBe(run.code === 0 ? run.stderr : '');
      expect(run.code).toBe(0);
      const recorded = JSON.parse(run.stdout) as {
        run_id: string;
        steps: { name: string; status: string; outs: Record<string, string> }[];
      };
      expect(recorded.steps.map((s) => [s.name, s.status])).toEqual([
        ['prepare', 'ran'],
        ['train', 'ran'],
      ]);
      // The committed example is what the pipeline writes: make_data.py and train.py are deterministic.
      for (const file of ['train.csv', 'model.xgb.json', 'model.onnx', 'model.lgb.txt'])
        expect(readFileSync(path.join(credit, file)).equals(readFileSync(path.join(examples, file))), file).toBe(true);

      const shown = await ballast('models', 'show', 'credit-risk:1', '--json');
      expect(shown.code).toBe(0);
      const lineage = JSON.parse(shown.stdout);
      expect(lineage.pipelineRun).toMatchObject({ runId: recorded.run_id, step: 'train', status: 'succeeded' });
      expect(lineage.snapshot.rowCount).toBe(20000);

      const reproduced = await ballast('pipeline', 'reproduce', 'credit-risk:1', '--json');
      expect(reproduced.code).toBe(0);
      const result = JSON.parse(reproduced.stdout);
      expect(result).toMatchObject({
        model: 'credit-risk',
        version: 1,
        run_id: recorded.run_id,
        identical: true,
        differing: [],
        artifact: 'model.xgb.json',
      });
      expect(result.files.map((f: { path: string }) => f.path)).toEqual([
        'live.csv',
        'live_drifted.csv',
        'train.csv',
        'expected_predictions.json',
        'metrics.json',
        'model.lgb.txt',
        'model.onnx',
        'model.xgb.json',
      ]);
      // Reproducing registers nothing.
      const models = await ballast('models', 'show', 'credit-risk:2');
      expect(models.code).not.toBe(0);

      const text = await ballast('pipeline', 'reproduce', 'credit-risk:1');
      expect(text.stdout).toMatch(/every output identical/);
      expect(text.stdout).toMatch(/train\/model\.xgb\.json .*\(the version's model\)/);
    },
    600_000,
  );

  it('exits 1 naming the output a nondeterministic step wrote differently, and 2 for a version no run made', async () => {
    const noisy = path.join(dir, 'noisy');
    mkdirSync(noisy);
    copyFileSync(path.join(examples, 'model.xgb.json'), path.join(noisy, 'trained.json'));
    writeFileSync(
      path.join(noisy, 'pipeline.yaml'),
      [
        'format: ballast.pipeline/v1',
        'steps:',
        '  - name: sample',
        '    cmd: od -An -N16 -tx1 /dev/urandom > sample.txt',
        '    deps: []',
        '    outs: [sample.txt]',
        '  - name: train',
        '    cmd: cp trained.json model.xgb.json',
        '    deps: [trained.json, sample.txt]',
        '    outs: [model.xgb.json]',
        '    register: {model: noisy, file: model.xgb.json}',
        '',
      ].join('\n'),
    );
    const run = await ballast('pipeline', 'run', 'noisy/pipeline.yaml', '--json');
    expect(run.code).toBe(0);

    const reproduced = await ballast('pipeline', 'reproduce', 'noisy:1', '--json');
    expect(reproduced.code).toBe(1);
    const result = JSON.parse(reproduced.stdout);
    expect(result.identical).toBe(false);
    expect(result.differing.map((f: { path: string }) => f.path)).toEqual(['sample.txt']);
    // The model file itself came out the same: only the sample differs.
    expect(result.files.find((f: { path: string }) => f.path === 'model.xgb.json')).toMatchObject({ step: 'train' });
    const text = await ballast('pipeline', 'reproduce', 'noisy:1');
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/1 of 2 outputs differ/);
    expect(text.stdout).toMatch(/DIFFERS +sample\/sample\.txt/);

    const byHand = await ballast('models', 'register', 'by-hand', path.join(noisy, 'trained.json'), '--no-importance');
    expect(byHand.code).toBe(0);
    const none = await ballast('pipeline', 'reproduce', 'by-hand:1');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/by-hand:1 was not registered by a pipeline run/);
  }, 120_000);
});
