/**
 * Counterfactuals: Ballast against DiCE (dice-ml 0.11, its model-agnostic `random` method) on the same
 * model — the credit XGBoost model (examples/credit/model.xgb.json) — and the same instances: the first
 * N rows of examples/credit/live.csv with no missing value, each asked for the opposite of its prediction,
 * k counterfactuals, age immutable. Ballast runs in this process (the app's findCounterfactuals, reference
 * = 2,000 rows of train.csv); counterfactual_peer.py runs DiCE and then scores both sides the same way with
 * XGBoost's own Python predictor (validity, sparsity, proximity as MAD-scaled L1 on the full training
 * file, diversity, seconds per instance; loading excluded on both sides).
 *
 *   npx tsx bench/explain/counterfactual.bench.ts [--instances 20] [--k 3] [--python /work/venv-d/bin/python]
 */
import { spawnSync } from 'node:child_process';
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findCounterfactuals, type CounterfactualAnswer } from '../../src/app/explain/counterfactual.ts';
import { parseCounterfactualRequest } from '../../src/app/explain/counterfactual-request.ts';
import { fileReference, fileRowBatch } from '../../src/app/explain/counterfactual-source.ts';
import { xgboostRuntime } from '../../src/runtime/xgboost/xgboost-runtime.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const credit = path.join(root, 'examples', 'credit');
const { values: options } = parseArgs({
  options: {
    instances: { type: 'string', default: '20' },
    k: { type: 'string', default: '3' },
    python: { type: 'string', default: process.env.BENCH_DICE_PYTHON ?? '/work/venv-d/bin/python' },
  },
});
const count = Number(options.instances);
const k = Number(options.k);
const immutable = ['age'];

const model = await xgboostRuntime.load(await readFile(path.join(credit, 'model.xgb.json')));
const inputs = model.signature.inputs;
const reference = await fileReference(path.join(credit, 'train.csv'), inputs);
const instances: { instance: Record<string, unknown>; desired: number }[] = [];
const ballast: (CounterfactualAnswer & { seconds: number })[] = [];
for (let row = 1; instances.length < count; row++) {
  const batch = await fileRowBatch(path.join(credit, 'live.csv'), inputs, row);
  if (batch.columns.some((column) => column instanceof Float64Array && Number.isNaN(column[0]!))) continue;
  const predicted = await model.predict(batch);
  const desired = predicted.kind === 'binary' ? 1 - predicted.labelIndex[0]! : 0;
  const request = parseCounterfactualRequest(model.signature, { desired, k, immutable, seed: row });
  const started = performance.now();
  const answer = await findCounterfactuals({ model, reference, instance: batch, request });
  ballast.push({ ...answer, seconds: (performance.now() - started) / 1000 });
  instances.push({ instance: answer.original.instance, desired });
}

const dir = await mkdtemp(path.join(tmpdir(), 'ballast-cf-bench-'));
const work = path.join(dir, 'work.json');
const out = path.join(dir, 'out.json');
const categorical = inputs.filter((f) => f.type === 'category').map((f) => f.name);
await writeFile(
  work,
  JSON.stringify({ features: inputs.map((f) => f.name), categorical, label: 'default', k, immutable, seed: 0, instances, ballast }),
);
const peer = spawnSync(
  options.python,
  [
    path.join(import.meta.dirname, 'counterfactual_peer.py'),
    '--work',
    work,
    '--train',
    path.join(credit, 'train.csv'),
    '--model',
    path.join(credit, 'model.xgb.json'),
    '--out',
    out,
  ],
  { stdio: ['ignore', 'inherit', 'inherit'] },
);
if (peer.status !== 0) throw new Error(`counterfactual_peer.py exited ${peer.status}`);
const scored = JSON.parse(await readFile(out, 'utf8')) as Record<'ballast' | 'dice', Scored[]> & { versions: Record<string, string> };
await rm(dir, { recursive: true, force: true });

interface Scored {
  returned: number;
  valid: number;
  found: boolean;
  changed: number[];
  distance: number[];
  distinct_sets: number;
  immutable_changed: number;
  seconds: number;
}

const mean = (xs: number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
console.log(
  `${count} instances of examples/credit/live.csv, k = ${k}, immutable: ${immutable.join(', ')}; ${JSON.stringify(scored.versions)}`,
);
console.log(
  '| | instances with a valid counterfactual | counterfactuals returned | validity | features changed (mean) | distance (mean / median) | distinct feature sets | immutable changed | seconds per instance (median / max) |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const side of ['ballast', 'dice'] as const) {
  const rows = scored[side];
  const returned = rows.reduce((a, r) => a + r.returned, 0);
  const valid = rows.reduce((a, r) => a + r.valid, 0);
  const changed = rows.flatMap((r) => r.changed);
  const distances = rows.flatMap((r) => r.distance);
  const seconds = rows.map((r) => r.seconds);
  console.log(
    `| ${side === 'ballast' ? 'Ballast' : 'DiCE random'} | ${rows.filter((r) => r.found).length}/${rows.length} | ${returned} | ${((100 * valid) / Math.max(returned, 1)).toFixed(1)}% | ${mean(changed).toFixed(2)} | ${mean(distances).toFixed(2)} / ${median(distances).toFixed(2)} | ${((100 * rows.reduce((a, r) => a + r.distinct_sets, 0)) / Math.max(returned, 1)).toFixed(0)}% | ${rows.reduce((a, r) => a + r.immutable_changed, 0)} | ${median(seconds).toFixed(3)} / ${Math.max(...seconds).toFixed(3)} |`,
  );
}
