/**
 * Exact TreeSHAP: Ballast's TypeScript (src/core/explain/tree-shap) against shap.TreeExplainer on the same
 * XGBoost and LightGBM models and rows, rows/s side by side. For these boosters shap hands the work to the
 * framework's own C++ TreeSHAP (pred_contribs / pred_contrib), so the peer is C++ on one thread (--threads 1,
 * as Ballast explains on one). tree_shap_peer.py trains the models (binary, 20 features, NaN in 5% of values,
 * depth-6 XGBoost trees / 31-leaf LightGBM trees) once per --data directory and writes the rows.
 * Both sides time explaining every row once, best of --repeats; the models are loaded beforehand.
 *
 *   npx tsx bench/explain/tree-shap.bench.ts [--rows 2000] [--trees 100] [--repeats 3] [--data DIR]
 *       [--python /work/venv-a/bin/python] [--threads 1]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createTreeShapExplainer } from '../../src/core/explain/tree-shap/tree-shap-explainer.ts';
import { lightgbmRuntime } from '../../src/runtime/lightgbm/lightgbm-runtime.ts';
import type { ModelRuntime } from '../../src/runtime/model-runtime.ts';
import { xgboostRuntime } from '../../src/runtime/xgboost/xgboost-runtime.ts';

const { values: options } = parseArgs({
  options: {
    rows: { type: 'string', default: '2000' },
    trees: { type: 'string', default: '100' },
    repeats: { type: 'string', default: '3' },
    data: { type: 'string' },
    python: { type: 'string', default: process.env.BENCH_SHAP_PYTHON ?? '/work/venv-a/bin/python' },
    threads: { type: 'string', default: '1' },
  },
});
const dir = options.data ?? mkdtempSync(path.join(tmpdir(), 'ballast-tree-shap-bench-'));
const repeats = Number(options.repeats);

const peer = spawnSync(
  options.python,
  [
    path.join(import.meta.dirname, 'tree_shap_peer.py'),
    dir,
    '--rows',
    options.rows,
    '--trees',
    options.trees,
    '--repeats',
    options.repeats,
    '--threads',
    options.threads,
  ],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
);
if (peer.status !== 0) throw new Error('tree_shap_peer.py failed');
const shap = JSON.parse(peer.stdout.trim().split('\n').pop()!) as Record<
  string,
  { seconds: number; rows_per_second: number; first_row: number[] }
> & {
  shap: string;
};

const rows = JSON.parse(readFileSync(path.join(dir, 'rows.json'), 'utf8')) as (number | null)[][];
const featureCount = rows[0]!.length;
const batch = {
  rowCount: rows.length,
  columns: Array.from({ length: featureCount }, (_, f) => Float64Array.from(rows, (row) => row[f] ?? Number.NaN)),
};

const cases: [string, ModelRuntime, string][] = [
  ['xgboost', xgboostRuntime, 'xgboost.json'],
  ['lightgbm', lightgbmRuntime, 'lightgbm.txt'],
];
console.log(
  `TreeSHAP, ${rows.length} rows × ${featureCount} features, ${options.trees} trees; shap ${shap.shap}, ${options.threads} thread(s)`,
);
console.log('model     | Ballast rows/s | shap rows/s | ratio | max |Δ| row 0');
for (const [name, runtime, file] of cases) {
  const model = await runtime.load(new Uint8Array(readFileSync(path.join(dir, file))));
  const explainer = createTreeShapExplainer(model.treeModel!()!);
  await explainer.explain({ rowCount: 50, columns: batch.columns.map((column) => column.subarray(0, 50)) }); // warm-up
  let best = Infinity;
  let first: Float64Array | undefined;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    const result = await explainer.explain(batch);
    best = Math.min(best, (performance.now() - start) / 1000);
    first = result.contributions.subarray(0, featureCount);
  }
  const peerRow = shap[name]!.first_row;
  const delta = Math.max(...Array.from(first!, (value, f) => Math.abs(value - peerRow[f]!)));
  const ours = rows.length / best;
  const theirs = shap[name]!.rows_per_second;
  console.log(
    `${name.padEnd(9)} | ${ours.toFixed(0).padStart(14)} | ${theirs.toFixed(0).padStart(11)} | ${(ours / theirs).toFixed(2).padStart(5)}× | ${delta.toExponential(1)}`,
  );
}
