/**
 * Detection-to-rollback latency of automated rollback on a real server: `ballast serve` with
 * `--alert-interval 1s --monitoring-window 10s`, a rule on `drift.share` above 0.3 over 10 s windows
 * with `for: 0s` and `rollback: previous`, and drifted traffic. The aim: the deployment is
 * rolled back within one alert interval plus 1 s of the drift being detectable.
 *
 *   npx tsc -p tsconfig.build.json                 # the server runs from dist/
 *   npx tsx bench/alert-rollback.bench.ts          # BENCH_RUNS (default 5), BENCH_RATE requests/s (default 10)
 *
 * Set-up (not timed), through the CLI a user runs: `credit:1` (XGBoost) and `credit:2` (LightGBM),
 * both with the example's training snapshot; BENCH_RUNS deployments `bench-1`… each moved from
 * credit:1 to credit:2 (so `previous` is credit:1); one rule per deployment (`ballast alerts apply`).
 * Each run then takes one deployment (the 1 h cooldown allows one rollback per deployment): a window
 * of the live population, then, from a window boundary B, the drifted population (live_drifted.csv),
 * BENCH_RATE requests/s of 20 rows, until the deployment serves credit:1 again (at most 60 s).
 *
 * The drift is detectable once the first window holding only drifted traffic has closed: at B + 10 s.
 * Per run it prints, from the server's own records (same machine, same clock):
 *   detect→fire      the rule's `since` (GET /v1/alerts/rules) − (B + 10 s)
 *   fire→rollback    the rollback's `at` (GET /v1/deployments/NAME/rollbacks) − the rule's `since`
 *   detect→rollback  the rollback's `at` − (B + 10 s): the figure the aim is about
 *   observed         when this script's poll (every 100 ms) first saw the deployment serve credit:1
 * and the median and worst of each, with the verdict against the aim (1 s + 1 s = 2 s). It also
 * checks that the next prediction is answered by credit:1 and that no rule fired in the live window.
 *
 * It needs the alert evaluator (`--alert-interval`), the rules (`ballast alerts apply`,
 * GET /v1/alerts/rules) and the rollback sink wired into the evaluator: run it on the merged tree.
 * It loads both cores for a minute or more: never run it while others use the machine.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readInstances } from '../src/app/simulate.ts';
import { startChildServer, type ChildServer } from './serving/child-server.ts';

const root = path.resolve(import.meta.dirname, '..');
const examples = path.join(root, 'examples', 'credit');
const compiledCli = path.join(root, 'dist', 'cli', 'main.js');
const cli = process.env.BALLAST_BENCH_CLI ?? (existsSync(compiledCli) ? compiledCli : path.join(root, 'bin', 'ballast.js'));
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RATE = Number(process.env.BENCH_RATE ?? 10);
const WINDOW_MS = 10_000;
const ALERT_INTERVAL_MS = 1_000;
const AIM_MS = ALERT_INTERVAL_MS + 1_000;
const ROWS_PER_REQUEST = 20;
const RUN_TIMEOUT_MS = 60_000;

interface RunResult {
  readonly deployment: string;
  readonly detectToFireMs: number;
  readonly fireToRollbackMs: number;
  readonly detectToRollbackMs: number;
  readonly observedMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function ballast(dataDir: string, ...args: string[]): string {
  return execFileSync(process.execPath, [cli, '--data-dir', dataDir, ...args], {
    cwd: root,
    env: { ...process.env, BALLAST_DB: '', BALLAST_ACTOR: 'bench' },
    encoding: 'utf8',
  });
}

function rulesFile(dir: string, deployments: readonly string[]): string {
  const rules = deployments.map((deployment) =>
    [
      `  - name: ${deployment}-drifted`,
      `    deployment: ${deployment}`,
      '    signal: drift.share',
      '    window: 10s',
      '    above: 0.3',
      '    for: 0s',
      '    keep_firing_for: 1m',
      '    severity: page',
      '    notify: []',
      '    rollback: previous',
    ].join('\n'),
  );
  const file = path.join(dir, 'rules.yaml');
  writeFileSync(file, ['format: ballast.alerts/v1', 'receivers: []', 'rules:', ...rules, ''].join('\n'));
  return file;
}

async function api<T = unknown>(server: ChildServer, method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Sends `rows` to the deployment at RATE requests/s until `stop()` says so; answers that fail are counted, not fatal. */
function sendTraffic(server: ChildServer, deployment: string, rows: readonly Record<string, unknown>[], stop: () => boolean) {
  let sent = 0;
  let failed = 0;
  let offset = 0;
  const done = (async () => {
    const inFlight = new Set<Promise<void>>();
    while (!stop()) {
      const instances = rows.slice(offset, offset + ROWS_PER_REQUEST);
      offset = (offset + ROWS_PER_REQUEST) % Math.max(1, rows.length - ROWS_PER_REQUEST);
      const request = api(server, 'POST', `/v1/deployments/${deployment}/predict`, { instances })
        .then(() => void sent++)
        .catch(() => void failed++);
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request));
      await sleep(1000 / RATE);
    }
    await Promise.all(inFlight);
  })();
  return { done, counts: () => ({ sent, failed }) };
}

/** What this script reads of GET /v1/alerts/rules, GET /v1/deployments/NAME/rollbacks and a predict answer. */
interface RulesAnswer {
  readonly rules: readonly { readonly name: string; readonly state: { readonly state: string; readonly since: string | null } }[];
}
interface RollbacksAnswer {
  readonly rollbacks: readonly { readonly outcome: string; readonly at: string }[];
}
interface ModelAnswer {
  readonly model: { readonly version: number };
}

const ruleState = async (server: ChildServer, rule: string) =>
  (await api<RulesAnswer>(server, 'GET', '/v1/alerts/rules')).rules.find((r) => r.name === rule)?.state;

const nextBoundary = (now: number) => Math.ceil(now / WINDOW_MS) * WINDOW_MS;

async function servedVersion(server: ChildServer, deployment: string): Promise<number> {
  return (await api<ModelAnswer>(server, 'GET', `/v1/deployments/${deployment}`)).model.version;
}

async function oneRun(server: ChildServer, deployment: string, live: Record<string, unknown>[], drifted: Record<string, unknown>[]) {
  // A whole window of the live population first: nothing may fire on it.
  const liveStart = nextBoundary(Date.now());
  await sleep(liveStart - Date.now());
  let phase: 'live' | 'drifted' | 'stop' = 'live';
  const liveTraffic = sendTraffic(server, deployment, live, () => phase !== 'live');
  const driftStart = liveStart + WINDOW_MS;
  await sleep(driftStart - Date.now());
  phase = 'drifted';
  await liveTraffic.done;
  const rule = `${deployment}-drifted`;
  if ((await ruleState(server, rule))?.state === 'firing') throw new Error(`${rule} fired on the live population`);

  const driftedTraffic = sendTraffic(server, deployment, drifted, () => phase === 'stop');
  let observedAt: number | undefined;
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if ((await servedVersion(server, deployment)) === 1) {
      observedAt = Date.now();
      break;
    }
    await sleep(100);
  }
  phase = 'stop';
  await driftedTraffic.done;
  if (observedAt === undefined) throw new Error(`${deployment} was not rolled back within ${RUN_TIMEOUT_MS / 1000} s of drifted traffic`);
  // Before the first drifted window closed, only the live population can have made it fire: a false alarm.
  if (observedAt < driftStart + WINDOW_MS) throw new Error(`${deployment} was rolled back before any drifted window closed: a false alarm`);

  const next = await api<ModelAnswer>(server, 'POST', `/v1/deployments/${deployment}/predict`, { instances: drifted.slice(0, 1) });
  if (next.model.version !== 1)
    throw new Error(`${deployment}: the prediction after the rollback was answered by version ${next.model.version}`);
  const rollback = (await api<RollbacksAnswer>(server, 'GET', `/v1/deployments/${deployment}/rollbacks`)).rollbacks.find(
    (r) => r.outcome === 'rolled_back',
  );
  const state = await ruleState(server, rule);
  if (rollback === undefined || state?.since == null) throw new Error(`${deployment}: no rollback recorded, or ${rule} has no state`);
  const detectable = driftStart + WINDOW_MS;
  const fired = Date.parse(state.since);
  const rolled = Date.parse(rollback.at);
  const result: RunResult = {
    deployment,
    detectToFireMs: fired - detectable,
    fireToRollbackMs: rolled - fired,
    detectToRollbackMs: rolled - detectable,
    observedMs: observedAt - detectable,
  };
  const { sent, failed } = driftedTraffic.counts();
  console.log(
    `${deployment}: detect→fire ${result.detectToFireMs} ms, fire→rollback ${result.fireToRollbackMs} ms, ` +
      `detect→rollback ${result.detectToRollbackMs} ms, observed ${result.observedMs} ms (${sent} drifted requests, ${failed} failed)`,
  );
  return result;
}

function summary(name: string, values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `${name.padEnd(16)} median ${String(median).padStart(6)} ms   worst ${String(sorted.at(-1)).padStart(6)} ms`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ballast-alert-rollback-'));
  const dataDir = path.join(dir, 'data');
  let server: ChildServer | undefined;
  try {
    for (const model of ['model.xgb.json', 'model.lgb.txt'])
      ballast(
        dataDir,
        'models',
        'register',
        'credit',
        path.join(examples, model),
        '--training-data',
        path.join(examples, 'train.csv'),
        '--label',
        'default',
      );
    const deployments = Array.from({ length: RUNS }, (_, i) => `bench-${i + 1}`);
    for (const deployment of deployments) {
      ballast(dataDir, 'deploy', deployment, '--model', 'credit:1');
      ballast(dataDir, 'deploy', deployment, '--model', 'credit:2');
    }
    ballast(dataDir, 'alerts', 'apply', rulesFile(dir, deployments));
    server = await startChildServer({
      name: 'ballast',
      args: [cli, '--data-dir', dataDir, 'serve', '--port', '0', '--quiet', '--alert-interval', '1s', '--monitoring-window', '10s'],
      cwd: root,
      env: { BALLAST_ADMIN_TOKEN: ADMIN_TOKEN, BALLAST_DB: '' },
    });
    const live = await readInstances(path.join(examples, 'live.csv'));
    const drifted = await readInstances(path.join(examples, 'live_drifted.csv'));
    const results: RunResult[] = [];
    for (const deployment of deployments) results.push(await oneRun(server, deployment, live, drifted));

    console.log(
      `\n${RUNS} runs, --alert-interval ${ALERT_INTERVAL_MS / 1000}s, --monitoring-window ${WINDOW_MS / 1000}s, ${RATE} requests/s of ${ROWS_PER_REQUEST} rows`,
    );
    console.log(
      summary(
        'detect→fire',
        results.map((r) => r.detectToFireMs),
      ),
    );
    console.log(
      summary(
        'fire→rollback',
        results.map((r) => r.fireToRollbackMs),
      ),
    );
    console.log(
      summary(
        'detect→rollback',
        results.map((r) => r.detectToRollbackMs),
      ),
    );
    console.log(
      summary(
        'observed',
        results.map((r) => r.observedMs),
      ),
    );
    const worst = Math.max(...results.map((r) => r.detectToRollbackMs));
    console.log(
      `aim: rolled back within ${AIM_MS} ms of the drift being detectable — ${worst <= AIM_MS ? 'met' : 'missed'} (worst ${worst} ms)`,
    );
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
