/**
 * What a shadow costs the primary: predict throughput at 64 concurrent clients against one real
 * `ballast serve`, on a deployment without a shadow and on one with a shadow of the same model,
 * side by side in one run (alternating phases on the same server, so both see the same machine).
 * The issue's aim: with the shadow, the primary's throughput is at least 0.9 of without.
 *
 *   npx tsc -p tsconfig.build.json      # the server runs from dist/
 *   npx tsx bench/shadow.bench.ts       # BENCH_SECONDS per phase (default 15), BENCH_ROUNDS (default 2), BENCH_CONNECTIONS (default 64)
 *
 * Set-up (not timed), through the CLI a user runs: the example XGBoost model registered twice
 * (credit:1 and credit:2, the same artifact: "a shadow of the same model") with its training
 * snapshot; deployments `plain` and `shadowed` of credit:1; `ballast shadow start shadowed --model
 * credit:2` (sample 1: every request mirrored). Each round measures `plain`, then `shadowed`,
 * one-instance requests from live.csv, after a warm-up.
 *
 * Per phase it prints requests/s, client p50/p99, the server process's CPU per request, and, for the
 * shadowed phase, the shadow apart: its model calls' busy time (ballast_shadow_busy_seconds_total,
 * in cores: the share of one core its own worker thread kept busy) and what became of the mirrored
 * predictions (ballast_shadow_requests_total: scored, dropped because its queue of 1,024 rows was
 * full, failed, timed out). On 2 cores the shadow's own CPU is the limit: drops are expected there,
 * and are how the primary is kept whole.
 *
 * It needs the serving host calling the shadow mirror and the server starting it (server-shadow.ts):
 * run it on the merged tree. It loads both cores for a minute or more: never run it while others
 * use the machine.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FeatureSpec } from '../src/core/signature.ts';
import { startChildServer, type ChildServer } from './serving/child-server.ts';
import { creditInstances, CREDIT_DIR, oneInstanceBodies } from './serving/credit-requests.ts';
import { loadTest, type LoadResult } from './serving/load-test.ts';

const root = path.resolve(import.meta.dirname, '..');
const compiledCli = path.join(root, 'dist', 'cli', 'main.js');
const cli = process.env.BALLAST_BENCH_CLI ?? (existsSync(compiledCli) ? compiledCli : path.join(root, 'bin', 'ballast.js'));
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const AIM = 0.9;

function ballast(dataDir: string, ...args: string[]): string {
  return execFileSync(process.execPath, [cli, '--data-dir', dataDir, ...args], {
    cwd: root,
    env: { ...process.env, BALLAST_DB: '', BALLAST_ACTOR: 'bench' },
    encoding: 'utf8',
  });
}

/** The sum of a metric's samples whose labels include all of `labels`, from /metrics. */
async function metric(server: ChildServer, name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

const OUTCOMES = ['scored', 'dropped', 'failed', 'timed_out'] as const;

async function shadowCounters(server: ChildServer) {
  const outcomes = Object.fromEntries(
    await Promise.all(
      OUTCOMES.map(
        async (o) => [o, await metric(server, 'ballast_shadow_requests_total', { deployment: 'shadowed', outcome: o })] as const,
      ),
    ),
  );
  return { busy: await metric(server, 'ballast_shadow_busy_seconds_total', { deployment: 'shadowed' }), outcomes };
}

interface Phase {
  readonly deployment: 'plain' | 'shadowed';
  readonly result: LoadResult;
  readonly shadowCores?: number;
  readonly outcomes?: Record<string, number>;
}

async function phase(server: ChildServer, deployment: Phase['deployment'], bodies: readonly string[]): Promise<Phase> {
  const before = await shadowCounters(server);
  const result = await loadTest({
    url: server.url,
    path: `/v1/deployments/${deployment}/predict`,
    bodies,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    connections: CONNECTIONS,
    seconds: SECONDS,
    warmupSeconds: 3,
    serverPid: server.pid,
  });
  if (deployment === 'plain') return { deployment, result };
  const after = await shadowCounters(server);
  return {
    deployment,
    result,
    // Busy seconds over the phase (warm-up included in both readings' gap: a slight overestimate).
    shadowCores: (after.busy - before.busy) / (SECONDS + 3),
    outcomes: Object.fromEntries(OUTCOMES.map((o) => [o, after.outcomes[o]! - before.outcomes[o]!])),
  };
}

function line(p: Phase): string {
  const r = p.result;
  const cpu = r.cpu.server === undefined ? '-' : `${((r.cpu.server / Math.max(1, r.answered)) * 1e6).toFixed(0)} µs`;
  const base = `${p.deployment.padEnd(9)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  server CPU/request ${cpu}  failed ${r.failed}`;
  if (p.shadowCores === undefined) return base;
  const o = p.outcomes!;
  return `${base}\n          shadow: ${p.shadowCores.toFixed(2)} cores busy in its own worker; mirrored predictions scored ${o.scored}, dropped ${o.dropped}, failed ${o.failed}, timed out ${o.timed_out}`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ballast-shadow-bench-'));
  const dataDir = path.join(dir, 'data');
  let server: ChildServer | undefined;
  try {
    for (let i = 0; i < 2; i++)
      ballast(
        dataDir,
        'models',
        'register',
        'credit',
        path.join(CREDIT_DIR, 'model.xgb.json'),
        '--training-data',
        path.join(CREDIT_DIR, 'train.csv'),
        '--label',
        'default',
      );
    ballast(dataDir, 'deploy', 'plain', '--model', 'credit:1');
    ballast(dataDir, 'deploy', 'shadowed', '--model', 'credit:1');
    ballast(dataDir, 'shadow', 'start', 'shadowed', '--model', 'credit:2');
    const inputs = (
      JSON.parse(ballast(dataDir, 'models', 'show', 'credit:1', '--json')) as { version: { signature: { inputs: FeatureSpec[] } } }
    ).version.signature.inputs;
    const bodies = oneInstanceBodies(await creditInstances(inputs, 2000));
    server = await startChildServer({
      name: 'ballast',
      args: [cli, '--data-dir', dataDir, 'serve', '--port', '0', '--quiet'],
      cwd: root,
      env: { BALLAST_ADMIN_TOKEN: ADMIN_TOKEN, BALLAST_DB: '' },
    });
    const phases: Phase[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const deployment of ['plain', 'shadowed'] as const) {
        const p = await phase(server, deployment, bodies);
        phases.push(p);
        console.log(line(p));
      }
    }
    const mean = (d: Phase['deployment']) => {
      const rps = phases.filter((p) => p.deployment === d).map((p) => p.result.rps);
      return rps.reduce((a, b) => a + b, 0) / rps.length;
    };
    const ratio = mean('shadowed') / mean('plain');
    console.log(
      `\nprimary throughput with a shadow / without, c=${CONNECTIONS}: ${ratio.toFixed(3)} (aim ≥ ${AIM}: ${ratio >= AIM ? 'met' : 'NOT met'})`,
    );
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
