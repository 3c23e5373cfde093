/**
 * Rows per second of `ballast predict` for each runtime on the example credit data, measured
 * side by side in one run: the whole CLI command (process start, CSV parsing, scoring, JSON Lines
 * output) and, when Python with the frameworks is available, each framework's own batch predict on
 * the same file (pandas.read_csv + predict) as a peer. The peer is timed inside a running Python
 * process (imports and model loading excluded), so Ballast is also given "start excluded": its time
 * minus the time of the same command on a one-row file (process start, model load).
 *
 *   npm run bench              # 200,000 rows, 3 runs each; BENCH_ROWS and BENCH_RUNS override
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const examples = path.join(root, 'examples', 'credit');
const rows = Number(process.env.BENCH_ROWS ?? 200_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const models = ['model.xgb.json', 'model.lgb.txt', 'model.onnx'];

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-bench-'));
const input = path.join(dir, 'live-tiled.csv');
const oneRow = path.join(dir, 'live-one-row.csv');
const [header, ...lines] = readFileSync(path.join(examples, 'live.csv'), 'utf8').trim().split('\n');
const body: string[] = [];
for (let i = 0; i < rows; i++) body.push(lines[i % lines.length]!);
writeFileSync(input, `${header}\n${body.join('\n')}\n`);
writeFileSync(oneRow, `${header}\n${lines[0]}\n`);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function timeBallast(model: string, file = input): number {
  const seconds: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    execFileSync(
      process.execPath,
      [
        path.join(root, 'bin', 'ballast.js'),
        'predict',
        '--model',
        path.join(examples, model),
        '--input',
        file,
        '--output',
        path.join(dir, 'out.jsonl'),
      ],
      { stdio: 'ignore' },
    );
    seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  return median(seconds);
}

function timePeer(model: string): number | undefined {
  const result = spawnSync('python3', [path.join(root, 'bench', 'peer_predict.py'), path.join(examples, model), input, String(runs)], {
    encoding: 'utf8',
  });
  if (result.status !== 0) return undefined;
  return Number(result.stdout.trim());
}

console.log(
  `ballast predict on ${rows.toLocaleString('en')} rows of examples/credit/live.csv (tiled), median of ${runs} runs; ${availableParallelism()} × ${cpus()[0]?.model ?? 'CPU'}, node ${process.version}`,
);
console.log('model            ballast rows/s   start excl.   start s   peer rows/s   ballast / peer   excl. / peer   peer');
const format = (value: number | undefined, width: number, digits = 0) =>
  (value === undefined ? '-' : digits === 0 ? Math.round(value).toLocaleString('en') : value.toFixed(digits)).padStart(width);
for (const model of models) {
  const seconds = timeBallast(model);
  const start = timeBallast(model, oneRow);
  const ours = rows / seconds;
  const oursWarm = rows / (seconds - start);
  const peerSeconds = timePeer(model);
  const peer = peerSeconds === undefined ? undefined : rows / peerSeconds;
  const peerName = model.endsWith('.json') ? 'xgboost' : model.endsWith('.txt') ? 'lightgbm' : 'onnxruntime (Python)';
  console.log(
    `${model.padEnd(16)} ${format(ours, 14)}   ${format(oursWarm, 11)}   ${format(start, 7, 2)}   ${peer === undefined ? '(no python)'.padStart(11) : format(peer, 11)}   ${format(peer && ours / peer, 14, 2)}   ${format(peer && oursWarm / peer, 12, 2)}   ${peerName}`,
  );
}
rmSync(dir, { recursive: true, force: true });
