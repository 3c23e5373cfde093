/**
 * The serving benchmark: Ballast's whole prediction pipeline (auth, validation, worker threads,
 * dynamic batching, durable prediction log) against a bare node:http server running the same
 * model with the same runtime (bench/serving/baseline-server.ts), side by side in one run, over
 * loopback, with autocannon or wrk (BENCH_CLIENT). Servers are child processes; the runs of the servers being compared
 * are interleaved (A B A B …) and the median is reported, so background load hits all of them.
 *
 *   npm run build && npx tsx bench/serving/serving.bench.ts
 *
 * BENCH_SECONDS (4) per run, BENCH_WARMUP (1) seconds before each, BENCH_ROUNDS (7) runs per
 * server, BENCH_THREADS ("1": Ballast's --threads settings to measure, e.g. "1,2"; "auto" for one per core),
 * BENCH_MODELS ("onnx,xgboost,heavy,wide"; wide only when bench/fixtures/wide-mlp.onnx was made), BENCH_QUIET_WAIT (10: seconds to wait before a run for the
 * shared machine to be under 15 % busy). Ratios are medians of run-by-run ratios (runs of one
 * round are back to back). BENCH_CLIENT ("autocannon", or "wrk": Debian's wrk, which needs a fraction of
 * autocannon's CPU per request). BENCH_OUT=FILE also writes every run as JSON. Targets are reported, never asserted.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { detectModelFormat } from '../../src/core/detect-model-format.ts';
import { RUNTIMES } from '../../src/runtime/runtimes.ts';
import {
  ADMIN_TOKEN,
  ballastBuildState,
  DEPLOYMENT,
  FULL,
  LOG_ON_EVENT_LOOP,
  MODELS_IN_WORKERS,
  NO_BATCHING,
  NO_LOG,
  prepareDataDir,
  startBallast,
  startBaseline,
  type BallastVariant,
} from './bench-servers.ts';
import type { ChildServer } from './child-server.ts';
import { CREDIT_DIR, creditInstances, oneInstanceBodies } from './credit-requests.ts';
import { waitForQuietMachine } from './cpu-usage.ts';
import { loadTest, type LoadClient } from './load-test.ts';
import { measureModelCost, type ModelCost } from './model-cost.ts';
import {
  atLeast,
  atMost,
  formatChecks,
  formatMeasurements,
  pairedRatio,
  QUIET_SHARE,
  summarize,
  type Check,
  type Measurement,
  type Summary,
} from './report.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const warmupSeconds = Number(process.env.BENCH_WARMUP ?? 1);
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
/** Before each run, wait up to QUIET_WAIT_MS for the machine to be less than QUIET_BELOW busy (others share it). */
const QUIET_BELOW = 0.15;
const QUIET_WAIT_MS = Number(process.env.BENCH_QUIET_WAIT ?? 10) * 1000;
const threadSettings = (process.env.BENCH_THREADS ?? '1').split(',').map((t) => (t.trim() === 'auto' ? undefined : Number(t)));
const selected = new Set((process.env.BENCH_MODELS ?? 'onnx,xgboost,heavy,wide').split(',').map((m) => m.trim()));
const cores = availableParallelism();
const client: LoadClient = process.env.BENCH_CLIENT === 'wrk' ? 'wrk' : 'autocannon';
if (process.env.BENCH_CLIENT !== undefined && process.env.BENCH_CLIENT !== client)
  throw new Error(`BENCH_CLIENT is autocannon or wrk, not ${process.env.BENCH_CLIENT}`);
const BASELINE = 'baseline (node:http)';

/** What to measure on one model: at each concurrency, the servers to compare. */
interface ModelPlan {
  readonly key: string;
  readonly file: string;
  readonly about: string;
  readonly loads: readonly { readonly connections: number; readonly servers: readonly (BallastVariant | 'baseline')[] }[];
}

const allPlans: ModelPlan[] = [
  {
    key: 'onnx',
    file: path.join(CREDIT_DIR, 'model.onnx'),
    about: 'examples/credit/model.onnx: scikit-learn pipeline (imputers, one-hot, logistic regression), 13 per-column inputs',
    loads: [
      { connections: 1, servers: [FULL, 'baseline', NO_BATCHING] },
      { connections: 64, servers: [FULL, 'baseline', NO_LOG, NO_BATCHING, LOG_ON_EVENT_LOOP] },
    ],
  },
  {
    key: 'xgboost',
    file: path.join(CREDIT_DIR, 'model.xgb.json'),
    about: "examples/credit/model.xgb.json: XGBoost, 100 trees of depth ≤ 4, categorical splits (Ballast's JavaScript runtime)",
    loads: [
      { connections: 1, servers: [FULL, 'baseline', LOG_ON_EVENT_LOOP, MODELS_IN_WORKERS] },
      { connections: 64, servers: [FULL, 'baseline', NO_LOG, LOG_ON_EVENT_LOOP, MODELS_IN_WORKERS] },
    ],
  },
  {
    key: 'heavy',
    file: path.resolve(import.meta.dirname, '..', 'fixtures', 'heavy-mlp.onnx'),
    about: 'bench/fixtures/heavy-mlp.onnx: 10 weight-shared 1024-wide dense layers (make_heavy_model.py), one 2-D input of 10 columns',
    loads: [
      { connections: 1, servers: [FULL, 'baseline'] },
      { connections: 64, servers: [FULL, NO_BATCHING, 'baseline'] },
    ],
  },
  {
    key: 'wide',
    file: path.resolve(import.meta.dirname, '..', 'fixtures', 'wide-mlp.onnx'),
    about: 'bench/fixtures/wide-mlp.onnx: 8 distinct 1024-wide dense layers, 32 MiB of weights (make_heavy_model.py --wide, not committed)',
    loads: [{ connections: 64, servers: [FULL, NO_BATCHING, 'baseline'] }],
  },
];
const plans = allPlans.filter((plan) => {
  if (!selected.has(plan.key)) return false;
  if (existsSync(plan.file)) return true;
  // The wide model is 34 MB, made on demand rather than committed.
  console.warn(
    `skipping ${plan.key}: ${path.relative(process.cwd(), plan.file)} is missing (python bench/fixtures/make_heavy_model.py --wide makes it)`,
  );
  return false;
});

const serverName = (server: BallastVariant | 'baseline') => (server === 'baseline' ? BASELINE : server.name);
const requestPath = `/v1/deployments/${DEPLOYMENT}/predict`;
const headers = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` };

interface Prepared {
  readonly plan: ModelPlan;
  readonly dataDir: string;
  readonly bodies: string[];
  readonly cost: ModelCost;
}

async function prepare(plan: ModelPlan, workDir: string): Promise<Prepared> {
  const bytes = new Uint8Array(readFileSync(plan.file));
  const model = await RUNTIMES[detectModelFormat(bytes.subarray(0, 4096), path.basename(plan.file))].load(bytes);
  const instances = await creditInstances(model.signature.inputs, 256);
  const cost = await measureModelCost(model, instances);
  await model.close();
  const dataDir = path.join(workDir, plan.key);
  prepareDataDir(dataDir, plan.file);
  return { plan, dataDir, bodies: oneInstanceBodies(instances), cost };
}

/** Both servers must give the same probabilities for the same row, or the comparison means nothing. */
async function checkSameAnswers(servers: ReadonlyMap<string, ChildServer>, body: string): Promise<void> {
  const answers = await Promise.all(
    [...servers].map(async ([name, server]) => {
      const response = await fetch(server.url + requestPath, { method: 'POST', headers, body });
      const json = (await response.json()) as { predictions?: { probabilities?: number[]; value?: number }[] };
      if (!response.ok || !json.predictions) throw new Error(`${name} answered ${response.status}: ${JSON.stringify(json)}`);
      return { name, answer: JSON.stringify(json.predictions.map((p) => p.probabilities ?? p.value)) };
    }),
  );
  const differing = answers.filter((a) => a.answer !== answers[0]!.answer);
  if (differing.length > 0) throw new Error(`servers disagree: ${answers.map((a) => `${a.name}: ${a.answer}`).join('; ')}`);
}

async function measureModel(prepared: Prepared, threads: number | undefined): Promise<Measurement[]> {
  const { plan } = prepared;
  const wanted = new Map<string, BallastVariant | 'baseline'>();
  for (const load of plan.loads) for (const server of load.servers) wanted.set(serverName(server), server);
  const servers = new Map<string, ChildServer>();
  try {
    // One at a time: model loading is CPU-heavy and the machine is small.
    for (const [name, server] of wanted) {
      servers.set(name, server === 'baseline' ? await startBaseline(plan.file) : await startBallast(prepared.dataDir, server, threads));
    }
    await checkSameAnswers(servers, prepared.bodies[0]!);
    const measurements: Measurement[] = [];
    for (const load of plan.loads) {
      const byServer = load.servers.map((server) => ({
        model: plan.key,
        server: serverName(server),
        connections: load.connections,
        runs: [] as Measurement['runs'],
      }));
      for (let round = 0; round < rounds; round++) {
        for (const m of byServer) {
          const server = servers.get(m.server)!;
          const busy = await waitForQuietMachine(cores, QUIET_BELOW, QUIET_WAIT_MS);
          process.stderr.write(
            `  ${plan.key} c=${m.connections} ${m.server} run ${round + 1}/${rounds} (machine ${busy === undefined ? '?' : `${Math.round(busy * 100)} %`} busy before it)\n`,
          );
          m.runs.push(
            await loadTest({
              url: server.url,
              path: requestPath,
              bodies: prepared.bodies,
              headers,
              connections: m.connections,
              seconds,
              warmupSeconds,
              serverPid: server.pid,
              client,
            }),
          );
        }
      }
      measurements.push(...byServer);
    }
    return measurements;
  } finally {
    for (const server of servers.values()) await server.stop();
  }
}

type Row = { readonly measurement: Measurement; readonly summary: Summary };

function checksFor(find: (model: string, server: string, connections: number) => Row | undefined): Check[] {
  const checks: Check[] = [];
  const ratio = (what: string, a: Row | undefined, b: Row | undefined, limit: number) => {
    if (a && b) checks.push(atLeast(what, pairedRatio(a.measurement, b.measurement), limit));
  };
  for (const model of ['onnx', 'xgboost']) {
    const c1 = find(model, FULL.name, 1)?.summary;
    if (c1)
      checks.push(atMost(`${model}: p50 at concurrency 1`, c1.p50, 1, 'ms'), atMost(`${model}: p99 at concurrency 1`, c1.p99, 5, 'ms'));
    ratio(`${model}: req/s at c=64, Ballast / baseline`, find(model, FULL.name, 64), find(model, BASELINE, 64), 0.9);
    ratio(`${model}: req/s at c=64, log on / --no-prediction-log`, find(model, FULL.name, 64), find(model, NO_LOG.name, 64), 0.85);
    // Not a target: what moving the log's commits off the event loop bought.
    ratio(
      `${model}: req/s at c=64, log thread / log on the event loop`,
      find(model, FULL.name, 64),
      find(model, LOG_ON_EVENT_LOOP.name, 64),
      1,
    );
    ratio(
      `${model}: req/s at c=64, main-thread models auto / never`,
      find(model, FULL.name, 64),
      find(model, MODELS_IN_WORKERS.name, 64),
      1,
    );
  }
  ratio('onnx (tiny): req/s at c=64, batching on / --no-batching', find('onnx', FULL.name, 64), find('onnx', NO_BATCHING.name, 64), 1);
  ratio('heavy: req/s at c=64, batching on / --no-batching', find('heavy', FULL.name, 64), find('heavy', NO_BATCHING.name, 64), 3);
  ratio('heavy: req/s at c=64, batching on / baseline (unbatched)', find('heavy', FULL.name, 64), find('heavy', BASELINE, 64), 1);
  ratio('wide: req/s at c=64, batching on / --no-batching', find('wide', FULL.name, 64), find('wide', NO_BATCHING.name, 64), 3);
  ratio('wide: req/s at c=64, batching on / baseline (unbatched)', find('wide', FULL.name, 64), find('wide', BASELINE, 64), 1);
  return checks;
}

const started = Date.now();
const allRows: unknown[] = [];
const workDir = mkdtempSync(path.join(tmpdir(), 'ballast-serving-bench-'));
try {
  console.log('Ballast serving benchmark');
  console.log(
    `command: BENCH_SECONDS=${seconds} BENCH_WARMUP=${warmupSeconds} BENCH_ROUNDS=${rounds} BENCH_THREADS=${process.env.BENCH_THREADS ?? '1'} BENCH_CLIENT=${client} npx tsx bench/serving/serving.bench.ts`,
  );
  console.log(
    `machine: ${cores} × ${cpus()[0]?.model ?? 'unknown CPU'}, shared by the servers, the load generator (${client}, one thread) and anything else running`,
  );
  console.log(
    `node ${process.version}; ballast runs ${ballastBuildState()}; deployments use the default batching settings (maxBatchSize 64, maxDelayMs 5)`,
  );
  console.log(
    `each figure: median of ${rounds} interleaved runs of ${seconds} s after ${warmupSeconds} s of warm-up, each started once the machine was < ${QUIET_BELOW * 100} % busy (or after ${QUIET_WAIT_MS / 1000} s); one-instance requests from examples/credit/live.csv (256 distinct rows)\n`,
  );
  const prepared: Prepared[] = [];
  for (const plan of plans) prepared.push(await prepare(plan, workDir));
  console.log('model cost in-process (same runtime, main thread, no HTTP):');
  for (const p of prepared)
    console.log(
      `  ${p.plan.key.padEnd(8)} 1 row ${p.cost.oneRowMs.toFixed(3)} ms; in a 64-row batch ${(p.cost.batchedRowMs * 1000).toFixed(1)} µs/row   (${p.plan.about})`,
    );
  for (const threads of threadSettings) {
    const measurements: Measurement[] = [];
    for (const p of prepared) {
      process.stderr.write(`threads=${threads ?? 'auto'}: ${p.plan.key}\n`);
      measurements.push(...(await measureModel(p, threads)));
    }
    const rows = measurements.map((measurement) => ({ measurement, summary: summarize(measurement) }));
    allRows.push(...rows.map((row) => ({ threads: threads ?? null, ...row })));
    const find = (model: string, server: string, connections: number) =>
      rows.find((r) => r.measurement.model === model && r.measurement.server === server && r.measurement.connections === connections);
    console.log(`\n== Ballast with --threads ${threads ?? `(default: ${cores})`} worker threads per model ==`);
    console.log(formatMeasurements(rows));
    console.log(
      `(figures: medians over the runs where others kept < ${QUIET_SHARE * 100} % of the cores busy ("quiet") when there are ≥ 3, else over all runs; spread: (max-min)/median req/s;\n srv/gen µs/req: CPU time of the server (all threads) / of the load generator per answered request; other: share of all cores busy with neither)\n`,
    );
    console.log(formatChecks(checksFor(find)));
  }
  if (process.env.BENCH_OUT)
    writeFileSync(
      process.env.BENCH_OUT,
      JSON.stringify(
        { seconds, warmupSeconds, rounds, cores, modelCost: prepared.map((p) => ({ model: p.plan.key, ...p.cost })), rows: allRows },
        null,
        1,
      ),
    );
  console.log(`\ntook ${((Date.now() - started) / 60_000).toFixed(1)} min`);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
