/**
 * Where a Ballast server's time goes under load: one server, one load, and for each thread of the
 * server its CPU time per answered request (the main thread runs HTTP, auth, batching and the
 * log; model worker threads run the model; V8's helper threads collect garbage), the prediction
 * log's group commits (records per commit, time per record) and rows per model call from /metrics,
 * and with --cpu-prof the main thread's time by part of the serving path.
 *
 *   npx tsx bench/serving/profile-server.ts --model examples/credit/model.xgb.json [--threads 1]
 *     [--connections 64] [--seconds 5] [--no-batching] [--no-prediction-log] [--cpu-prof [--keep-profile FILE]]
 *     [--serve-arg=--log-writer --serve-arg=event-loop ...]   (more `ballast serve` options) [--client wrk]
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { detectModelFormat } from '../../src/core/detect-model-format.ts';
import { RUNTIMES } from '../../src/runtime/runtimes.ts';
import { ADMIN_TOKEN, DEPLOYMENT, FULL, prepareDataDir, startBallast } from './bench-servers.ts';
import { summarizeCpuProfile } from './cpu-profile-summary.ts';
import { creditInstances, oneInstanceBodies } from './credit-requests.ts';
import { loadTest, type LoadClient, type LoadOptions } from './load-test.ts';
import { threadCpuBetween, threadCpuSeconds } from './thread-cpu.ts';

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    threads: { type: 'string', default: '1' },
    connections: { type: 'string', default: '64' },
    seconds: { type: 'string', default: '5' },
    'no-batching': { type: 'boolean', default: false },
    'no-prediction-log': { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    'keep-profile': { type: 'string' },
    'serve-arg': { type: 'string', multiple: true, default: [] },
    client: { type: 'string', default: 'autocannon' },
  },
});
if (values.model === undefined)
  throw new Error(
    'usage: profile-server.ts --model FILE [--threads 1] [--connections 64] [--seconds 5] [--no-batching] [--no-prediction-log] [--cpu-prof]',
  );
const modelFile = path.resolve(values.model);

const bytes = new Uint8Array(readFileSync(modelFile));
const model = await RUNTIMES[detectModelFormat(bytes.subarray(0, 4096), path.basename(modelFile))].load(bytes);
const bodies = oneInstanceBodies(await creditInstances(model.signature.inputs, 256));
await model.close();

const work = mkdtempSync(path.join(tmpdir(), 'ballast-profile-'));
const profiles = path.join(work, 'profiles');
try {
  prepareDataDir(path.join(work, 'store'), modelFile);
  const variant = {
    name: 'ballast',
    batching: !values['no-batching'],
    predictionLog: !values['no-prediction-log'],
    args: values['serve-arg'],
  };
  const server = await startBallast(
    path.join(work, 'store'),
    variant.batching && variant.predictionLog && variant.args.length === 0 ? FULL : variant,
    Number(values.threads),
    values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profiles}`] : [],
  );
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` };
  const load: LoadOptions = {
    url: server.url,
    path: `/v1/deployments/${DEPLOYMENT}/predict`,
    bodies,
    headers,
    connections: Number(values.connections),
    seconds: Number(values.seconds),
    warmupSeconds: 0,
    serverPid: server.pid,
    client: values.client as LoadClient,
  };
  const warm = await loadTest({ ...load, seconds: 1 });
  const before = threadCpuSeconds(server.pid);
  const run = await loadTest(load);
  const threads = threadCpuBetween(before, threadCpuSeconds(server.pid));
  const metrics = await (await fetch(`${server.url}/metrics`, { headers })).text();
  await server.stop();

  const flags = [values['no-batching'] && '--no-batching', values['no-prediction-log'] && '--no-prediction-log', ...values['serve-arg']]
    .filter(Boolean)
    .join(' ');
  console.log(
    `${path.relative(process.cwd(), modelFile)}, --threads ${values.threads} ${flags}, ${values.connections} connections, ${values.seconds} s`,
  );
  console.log(
    `${Math.round(run.rps).toLocaleString('en')} req/s, p50 ${run.p50.toFixed(2)} ms, p99 ${run.p99.toFixed(2)} ms, ${run.failed} failed`,
  );
  console.log(
    'CPU per answered request by thread (V8 helper threads are named "node" too; the model workers are the busy ones after the main thread):',
  );
  for (const [thread, seconds] of threads)
    console.log(
      `  ${((seconds / run.answered) * 1e6).toFixed(0).padStart(6)} µs  ${thread}${thread.startsWith(`${server.pid} `) ? ' (main thread)' : ''}`,
    );
  const sum = (name: string) =>
    [...metrics.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((total, match) => total + Number(match[1]), 0);
  const commits = sum('ballast_log_commit_records_count');
  if (commits > 0) {
    const records = sum('ballast_log_commit_records_sum');
    console.log(
      `log: ${(records / commits).toFixed(1)} records per commit, ${((sum('ballast_log_commit_seconds_sum') / records) * 1e6).toFixed(1)} µs of commit per record (warm-up included)`,
    );
  }
  const calls = sum('ballast_batch_rows_count');
  if (calls > 0) console.log(`model calls: ${(sum('ballast_batch_rows_sum') / calls).toFixed(1)} rows per call (warm-up included)`);
  if (values['cpu-prof']) {
    // node names profiles CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile; thread 0 is the main thread.
    const main = readdirSync(profiles).find((name) => name.split('.')[4] === '0');
    if (main === undefined) throw new Error('no CPU profile of the main thread was written');
    const shares = summarizeCpuProfile(path.join(profiles, main));
    if (values['keep-profile'] !== undefined) copyFileSync(path.join(profiles, main), values['keep-profile']);
    const answered = warm.answered + run.answered;
    console.log(
      `main thread by part of the serving path, whole process life (start, warm-up, run, stop; ${answered.toLocaleString('en')} requests; profiling adds ~10 %):`,
    );
    for (const { part, seconds } of shares) console.log(`  ${((seconds / answered) * 1e6).toFixed(1).padStart(7)} µs/req  ${part}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
