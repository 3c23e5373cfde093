/**
 * `ballast test` against the Python equivalent (Fairlearn's MetricFrame with the same bootstrap, numpy
 * slices, XGBoost's own `predict_proba` for scoring and perturbation), side by side in one run, on ROWS rows
 * × 20 columns (18 model inputs, `sex`, `region`) and the label. Both whole commands are measured the same
 * way (../monitoring/measure-command.ts: wall, CPU, peak RSS; process start, imports, reading the CSV,
 * scoring, every check, printing JSON). The issue asks for ≥ 10× faster than the Python equivalent.
 * Then the fairness numbers of both are compared (they score with different XGBoost predictors, float32 in
 * both, so a row on the threshold could differ: the bench prints the largest difference).
 *
 *   npx tsc -p tsconfig.build.json    # Ballast runs from dist/
 *   npx tsx bench/model-tests/model-tests.bench.ts [--rows 1000000] [--boot 1000] [--slice-boot 200]
 *       [--data DIR] [--python /work/venv-fairlearn/bin/python] [--skip-python] [--python-measure-boot K]
 *
 * --data DIR keeps the generated files (make_model_tests_data.py) and reuses them when they have the rows.
 * --python is an interpreter with fairlearn 0.13, xgboost, pandas and scikit-learn. --python-measure-boot K runs
 * only K of Fairlearn's bootstrap rounds and extrapolates them to --boot (its time is linear in the rounds).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measureCommand, type CommandRun } from '../monitoring/measure-command.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const here = import.meta.dirname;
const { values: options } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    boot: { type: 'string', default: '1000' },
    'slice-boot': { type: 'string', default: '200' },
    data: { type: 'string' },
    python: { type: 'string', default: process.env.BENCH_FAIRLEARN_PYTHON ?? '/work/venv-fairlearn/bin/python' },
    'skip-python': { type: 'boolean', default: false },
    /** Fairlearn's bootstrap rounds actually run; its time is extrapolated to --boot (see peer_model_tests.py). */
    'python-measure-boot': { type: 'string' },
  },
});
const rows = Number(options.rows);
const compiled = path.join(root, 'dist', 'cli', 'main.js');
if (!existsSync(compiled)) throw new Error('build first: npx tsc -p tsconfig.build.json (Ballast runs from dist/)');

const dataDir = options.data ?? mkdtempSync(path.join(tmpdir(), 'ballast-model-tests-bench-'));
const rowsFile = path.join(dataDir, 'rows.txt');
if (!existsSync(rowsFile) || readFileSync(rowsFile, 'utf8') !== String(rows)) {
  console.log(`writing ${rows} rows to ${dataDir} …`);
  const made = spawnSync(options.python, [path.join(here, 'make_model_tests_data.py'), dataDir, '--rows', String(rows)], {
    stdio: 'inherit',
  });
  if (made.status !== 0) throw new Error('make_model_tests_data.py failed');
  writeFileSync(rowsFile, String(rows));
}

// The suite does what peer_model_tests.py does: the same slices, the same fairness grouping and bootstrap
// rounds, noise of 0.1 standard deviations on every input at once and on each input alone.
const suite = path.join(dataDir, 'suite.yaml');
writeFileSync(
  suite,
  `format: ballast.tests/v1
name: bench
seed: 7
checks:
  - name: slices
    type: slices
    metric: accuracy
    columns: [region, f0, f1]
    crossings: [[sex, region]]
    bins: 5
    bootstrap: ${options['slice-boot']}
  - name: fairness
    type: fairness
    sensitive: [sex]
    bootstrap: ${options.boot}
    bounds: {demographic_parity_difference: {max: 0.1}, equalized_odds_difference: {max: 0.1}}
  - name: noise
    type: perturbation
    kinds: [noise]
    noise_std: 0.1
    bounds: {flip_rate: {max: 0.5}}
`,
);

// Registration is set-up, not measured: the model and its training data go into a fresh store.
const ballastDir = mkdtempSync(path.join(tmpdir(), 'ballast-model-tests-store-'));
const register = spawnSync(
  process.execPath,
  [
    compiled,
    '--data-dir',
    ballastDir,
    'models',
    'register',
    'bench',
    path.join(dataDir, 'model.json'),
    '--training-data',
    path.join(dataDir, 'training.csv'),
    '--label',
    'y',
  ],
  { encoding: 'utf8' },
);
if (register.status !== 0) throw new Error(`register failed: ${register.stderr}`);

function run(name: string, command: string, args: string[], verdictStatuses: readonly number[] = [0]): CommandRun {
  const result = measureCommand(command, args);
  if (result.status === null || !verdictStatuses.includes(result.status))
    throw new Error(`${name} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  return result;
}

const ballast = run(
  'ballast',
  process.execPath,
  [
    compiled,
    '--data-dir',
    ballastDir,
    'test',
    'bench:1',
    '--suite',
    suite,
    '--data',
    path.join(dataDir, 'data.csv'),
    '--label',
    'y',
    '--json',
    // `ballast test` exits 1 when a check fails: that is a verdict, not a failure of the run.
  ],
  [0, 1],
);
const python = options['skip-python']
  ? undefined
  : run('python', options.python, [
      path.join(here, 'peer_model_tests.py'),
      dataDir,
      '--boot',
      options.boot,
      '--slice-boot',
      options['slice-boot'],
      ...(options['python-measure-boot'] ? ['--measure-boot', options['python-measure-boot']] : []),
    ]);
rmSync(ballastDir, { recursive: true, force: true });

interface BallastCheck {
  readonly name: string;
  readonly values: Record<string, number | null>;
  readonly by_group?: Record<string, Record<string, number | null>>;
}
const ballastOut = JSON.parse(ballast.stdout) as { passed: boolean; checks: BallastCheck[] };
const fairness = ballastOut.checks.find((c) => c.name === 'fairness')!;

const line = (label: string, r: CommandRun) =>
  `${label.padEnd(8)} wall ${r.wallSeconds.toFixed(1).padStart(7)} s  cpu ${(r.cpuSeconds ?? NaN).toFixed(1).padStart(7)} s  peak RSS ${((r.peakRssKb ?? NaN) / 1024).toFixed(0).padStart(6)} MiB  other work on the machine ${(r.foreignCpuSeconds ?? NaN).toFixed(1)} CPU s`;
console.log(`\n## ${rows} rows × 20 columns; fairness bootstrap ${options.boot} rounds, slices ${options['slice-boot']}`);
console.log(line('ballast', ballast));
if (python) {
  const peer = JSON.parse(python.stdout) as {
    seconds: Record<string, number>;
    fairness: {
      by_group: Record<string, Record<string, number>>;
      demographic_parity_difference: number;
      equalized_odds_difference: number;
    };
  };
  console.log(line('python', python));
  console.log(
    `python's parts (s): ${Object.entries(peer.seconds)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ')}`,
  );
  console.log(
    `ratio (python / ballast): wall ${(python.wallSeconds / ballast.wallSeconds).toFixed(1)}×, cpu ${((python.cpuSeconds ?? NaN) / (ballast.cpuSeconds ?? NaN)).toFixed(1)}×`,
  );
  if (peer.seconds.fairness_measured !== undefined)
    console.log(
      `Fairlearn ran ${options['python-measure-boot']} bootstrap rounds (${peer.seconds.fairness_per_round!.toFixed(2)} s each); ` +
        `with ${options.boot}, python ≈ ${peer.seconds.total!.toFixed(0)} s in-process: ≈ ${(peer.seconds.total! / ballast.wallSeconds).toFixed(0)}× ballast's whole command`,
    );
  let worst = 0;
  for (const [group, metrics] of Object.entries(peer.fairness.by_group))
    for (const [metric, value] of Object.entries(metrics))
      worst = Math.max(worst, Math.abs((fairness.by_group?.[group]?.[metric] ?? NaN) - value));
  worst = Math.max(
    worst,
    Math.abs((fairness.values.demographic_parity_difference ?? NaN) - peer.fairness.demographic_parity_difference),
    Math.abs((fairness.values.equalized_odds_difference ?? NaN) - peer.fairness.equalized_odds_difference),
  );
  console.log(`fairness: largest |ballast − fairlearn| over by_group and the two differences: ${worst.toExponential(2)}`);
}
