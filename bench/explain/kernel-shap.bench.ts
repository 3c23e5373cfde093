/**
 * KernelSHAP rows/s, Ballast against shap.KernelExplainer, side by side in one run on the same model (the credit
 * example's ONNX pipeline: 13 inputs, 3 of them categorical), the same background sample and rows, at equal
 * nsamples, both without L1 feature selection. Ballast scores with onnxruntime-node, shap with onnxruntime in
 * Python (one intra-op thread each). After the timings it prints how far apart the two estimates are (different
 * random streams: the same estimator, not the same draws) and each one's efficiency error.
 *
 *   npx tsx bench/explain/kernel-shap.bench.ts [--rows 20] [--background 50] [--samples 2074] [--seed 1]
 *       [--python /work/venv-b/bin/python] [--skip-python]
 *
 * The default --samples is shap's own default for 13 features (2 · 13 + 2048).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sampleDataFile } from '../../src/app/explain/background-sample.ts';
import { chooseExplainer } from '../../src/app/explain/choose-explainer.ts';
import type { TableChunk } from '../../src/core/table.ts';
import type { LoadedModel } from '../../src/runtime/model-runtime.ts';
import { onnxRuntime } from '../../src/runtime/onnx/onnx-runtime.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values: options } = parseArgs({
  options: {
    rows: { type: 'string', default: '20' },
    background: { type: 'string', default: '50' },
    samples: { type: 'string', default: '2074' },
    seed: { type: 'string', default: '1' },
    python: { type: 'string', default: process.env.BENCH_SHAP_PYTHON ?? '/work/venv-b/bin/python' },
    'skip-python': { type: 'boolean', default: false },
  },
});
const rowCount = Number(options.rows);
const samples = Number(options.samples);
const modelFile = path.join(root, 'examples', 'credit', 'model.onnx');
const train = path.join(root, 'examples', 'credit', 'train.csv');
const live = path.join(root, 'examples', 'credit', 'live.csv');

const model = await onnxRuntime.load(await readFile(modelFile));
const inputs = model.signature.inputs;
const background = await sampleDataFile(train, inputs, Number(options.background), 11);
const rows = await sampleDataFile(live, inputs, rowCount, 12);
const dir = mkdtempSync(path.join(tmpdir(), 'ballast-kernel-shap-bench-'));
const backgroundCsv = writeCsv(path.join(dir, 'background.csv'), background.table, inputs);
const rowsCsv = writeCsv(path.join(dir, 'rows.csv'), rows.table, inputs);

const scored = countingModel(model);
const { explainer } = chooseExplainer(scored.model, {
  method: 'kernel_shap',
  background: background.batch,
  samples,
  seed: Number(options.seed),
});
await explainer.explain({ rowCount: 1, columns: rows.batch.columns.map((c) => c.slice(0, 1)) }); // warm-up, as the peer
scored.rows = 0;
scored.seconds = 0;
const started = process.hrtime.bigint();
const ours = await explainer.explain(rows.batch);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(
  `KernelSHAP on ${path.basename(modelFile)}: ${rowCount} rows, ${background.batch.rowCount} background rows, nsamples ${samples}, ${inputs.length} features`,
);
console.log(
  `ballast  ${fmt(rowCount / seconds)} rows/s  (${seconds.toFixed(2)} s, ${scored.rows} model rows scored in ${scored.seconds.toFixed(2)} s of model calls)`,
);

if (!options['skip-python']) {
  const peer = spawnSync(
    options.python,
    [path.join(import.meta.dirname, 'peer_kernel_shap.py'), modelFile, backgroundCsv, rowsCsv, String(samples)],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (peer.status !== 0) throw new Error(`peer_kernel_shap.py failed: ${peer.stderr}`);
  const theirs = JSON.parse(peer.stdout) as {
    seconds: number;
    rows_per_second: number;
    model_rows: number;
    base_value: number;
    shap_values: number[][];
    versions: Record<string, string>;
  };
  console.log(
    `shap     ${fmt(theirs.rows_per_second)} rows/s  (${theirs.seconds.toFixed(2)} s, ${theirs.model_rows} model rows scored; shap ${theirs.versions.shap})`,
  );
  console.log(`ratio    ${(rowCount / seconds / theirs.rows_per_second).toFixed(2)}× shap's rows/s`);
  let largest = 0;
  let sumAbs = 0;
  let scale = 0;
  theirs.shap_values.forEach((values, row) =>
    values.forEach((value, f) => {
      const d = Math.abs(value - ours.contributions[row * inputs.length + f]!);
      largest = Math.max(largest, d);
      sumAbs += d;
      scale = Math.max(scale, Math.abs(value));
    }),
  );
  console.log(
    `agreement: base values ${ours.baseValues[0]!.toFixed(6)} / ${theirs.base_value.toFixed(6)}; contributions differ by ${(sumAbs / (rowCount * inputs.length)).toExponential(2)} on average, ${largest.toExponential(2)} at most (largest |contribution| ${scale.toFixed(3)})`,
  );
}
await model.close();
rmSync(dir, { recursive: true, force: true });

function countingModel(inner: LoadedModel): { model: LoadedModel; rows: number; seconds: number } {
  const counter = {
    rows: 0,
    seconds: 0,
    model: {
      format: inner.format,
      signature: inner.signature,
      predict: async (batch) => {
        counter.rows += batch.rowCount;
        const start = process.hrtime.bigint();
        const out = await inner.predict(batch);
        counter.seconds += Number(process.hrtime.bigint() - start) / 1e9;
        return out;
      },
      close: () => inner.close(),
    } satisfies LoadedModel as LoadedModel,
  };
  return counter;
}

function writeCsv(file: string, table: TableChunk, features: readonly { name: string }[]): string {
  const at = features.map((f) => table.columns.indexOf(f.name));
  const lines = [features.map((f) => f.name).join(',')];
  for (const row of table.rows) lines.push(at.map((i) => String(row.cells[i] ?? '')).join(','));
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x.toFixed(2);
}
