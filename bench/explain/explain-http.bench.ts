/**
 * Latency of POST /v1/deployments/{name}/explain for one row of the example credit model on the full
 * HTTP path: a real `ballast serve` on loopback (auth, JSON parsing, the explainer cache, the
 * explanation, reasons, serialisation), one request at a time, measured by the client. The predict
 * route is measured the same way in the same run, side by side, as the floor an explanation adds to.
 * Target: p50 ≤ 2 ms with TreeSHAP (issue 17).
 *
 *   npx tsx bench/explain/explain-http.bench.ts      # BENCH_REQUESTS (default 500), BENCH_WARMUP (50),
 *                                                     # BENCH_TRAINING_ROWS (default: all of train.csv),
 *                                                     # BENCH_METHOD (default: the model's default method)
 *
 * BENCH_TRAINING_ROWS only matters for model-agnostic methods, whose cost grows with the background
 * sample (at most 100 rows of the training snapshot): exact_shapley over the credit model's 13
 * features scores 2^13 rows per background row for every explained row.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { ADMIN_TOKEN, FULL, startBallast } from '../serving/bench-servers.ts';
import { CREDIT_DIR } from '../serving/credit-requests.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const requests = Number(process.env.BENCH_REQUESTS ?? 500);
const warmup = Number(process.env.BENCH_WARMUP ?? 50);
const trainingRows = process.env.BENCH_TRAINING_ROWS === undefined ? undefined : Number(process.env.BENCH_TRAINING_ROWS);
const method = process.env.BENCH_METHOD;
const compiledCli = path.join(root, 'dist', 'cli', 'main.js');
const cli = existsSync(compiledCli) ? compiledCli : path.join(root, 'bin', 'ballast.js');

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-explain-bench-'));
const prepared = path.join(dir, 'data');
const ballast = (...args: string[]) =>
  execFileSync(process.execPath, [cli, '--data-dir', prepared, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

function trainingFile(): string {
  const full = path.join(CREDIT_DIR, 'train.csv');
  if (trainingRows === undefined) return full;
  const lines = readFileSync(full, 'utf8').trim().split('\n');
  const file = path.join(dir, 'train.csv');
  writeFileSync(file, `${lines.slice(0, trainingRows + 1).join('\n')}\n`);
  return file;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function time(url: string, bodies: string[]): Promise<{ p50: number; p99: number; mean: number; last: unknown }> {
  const post = async (body: string) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body,
    });
    const answer: unknown = await response.json();
    if (response.status !== 200) throw new Error(`${url}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };
  let last: unknown;
  for (let i = 0; i < warmup; i++) last = await post(bodies[i % bodies.length]!);
  const ms: number[] = [];
  for (let i = 0; i < requests; i++) {
    const started = performance.now();
    last = await post(bodies[i % bodies.length]!);
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), mean: ms.reduce((a, b) => a + b, 0) / ms.length, last };
}

try {
  ballast('models', 'register', 'credit', path.join(CREDIT_DIR, 'model.xgb.json'), '--training-data', trainingFile(), '--label', 'default');
  ballast('deploy', 'credit', '--model', 'credit:1');
  const server = await startBallast(prepared, FULL, undefined);
  try {
    const rows = creditRows(200);
    const explainBodies = rows.map((instance) => JSON.stringify({ instances: [instance], top: 3, ...(method ? { method } : {}) }));
    const predictBodies = rows.map((instance) => JSON.stringify({ instances: [instance] }));
    const predict = await time(`${server.url}/v1/deployments/credit/predict`, predictBodies);
    const explain = await time(`${server.url}/v1/deployments/credit/explain`, explainBodies);
    const answer = explain.last as { method: string; fallback: string | null };
    console.log(
      `explain one credit row over HTTP (loopback, one request at a time), ${requests} requests after ${warmup} warm-up; ` +
        `${availableParallelism()} × ${cpus()[0]?.model ?? 'CPU'}, node ${process.version}; training rows: ${trainingRows ?? 'all'}`,
    );
    console.log(`method ${answer.method}${answer.fallback ? ` (fallback: ${answer.fallback})` : ''}`);
    console.log('route       p50 ms    p99 ms   mean ms');
    for (const [name, r] of [
      ['predict', predict],
      ['explain', explain],
    ] as const) {
      console.log(`${name.padEnd(8)} ${r.p50.toFixed(3).padStart(9)} ${r.p99.toFixed(3).padStart(9)} ${r.mean.toFixed(3).padStart(9)}`);
    }
    console.log(
      `explain / predict p50: ${(explain.p50 / predict.p50).toFixed(2)}×; target p50 ≤ 2 ms: ${explain.p50 <= 2 ? 'met' : 'not met'}`,
    );
  } finally {
    await server.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Rows of live.csv as a service sends them: the model's features, numbers as numbers, categories by name, empty as null. */
function creditRows(limit: number): Record<string, unknown>[] {
  const model = JSON.parse(readFileSync(path.join(CREDIT_DIR, 'model.xgb.json'), 'utf8')) as { learner: { feature_names: string[] } };
  const features = new Set(model.learner.feature_names);
  const [header, ...lines] = readFileSync(path.join(CREDIT_DIR, 'live.csv'), 'utf8').trim().split('\n');
  const names = header!.split(',');
  return lines.slice(0, limit).map((line) => {
    const cells = line.split(',');
    const value = (cell: string) => (cell === '' ? null : Number.isNaN(Number(cell)) ? cell : Number(cell));
    return Object.fromEntries(names.flatMap((name, i) => (features.has(name) ? [[name, value(cells[i]!)]] : [])));
  });
}
