/**
 * What serving enrichment costs the predict path: throughput at 64 concurrent clients against one
 * real `ballast serve`, on a deployment scored from full rows (`plain`) and on one whose requests
 * carry only the applicant's key and application fields, the four bureau features read from the
 * online store (`enriched`, `--features applicant_id=bureau:…`), side by side in one run
 * (alternating phases on the same server, so both see the same machine). The issue's aim: the
 * enriched throughput is at least 0.9 of the plain one (enrichment adds ≤ 10%).
 *
 *   npx tsx bench/enrichment.bench.ts   # BENCH_SECONDS per phase (default 15), BENCH_ROUNDS (default 2), BENCH_CONNECTIONS (default 64)
 *
 * Set-up (not timed): the example XGBoost model registered through the CLI; the feature definitions
 * (entity applicant keyed by applicant_id, view `bureau` with credit_history_months,
 * num_open_accounts, num_late_payments_2y, credit_utilization) appended to the store and the 2,000
 * applicants of live.csv written to the online store (the database's, the default) as
 * `ballast features materialize` would; deployments `plain` and `enriched` of credit:1. Every request
 * is one instance; both deployments log every prediction (the enriched ones with their enrichment).
 *
 * It loads both cores for a minute or more: never run it while others use the machine.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FeatureDefinitions } from '../src/core/features/feature-definitions.ts';
import type { FeatureSpec } from '../src/core/signature.ts';
import { openStore } from '../src/store/store.ts';
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
const BUREAU = ['credit_history_months', 'num_open_accounts', 'num_late_payments_2y', 'credit_utilization'];
const EVENT_TIME = '2026-01-05T10:00:00.000Z';

const DEFINITIONS: FeatureDefinitions = {
  format: 'ballast.features/v1',
  entities: [{ name: 'applicant', key: 'applicant_id' }],
  sources: [{ name: 'bureau_snapshots', path: path.join(CREDIT_DIR, 'bureau.csv'), timestamp: 'event_time' }],
  featureViews: [
    {
      name: 'bureau',
      entity: 'applicant',
      source: 'bureau_snapshots',
      ttlSeconds: null,
      features: BUREAU.map((name) => ({ name, type: name === 'credit_utilization' ? ('number' as const) : ('integer' as const) })),
    },
  ],
  onDemandFeatures: [],
};

function ballast(dataDir: string, ...args: string[]): string {
  return execFileSync(process.execPath, [cli, '--data-dir', dataDir, ...args], {
    cwd: root,
    env: { ...process.env, BALLAST_DB: '', BALLAST_ACTOR: 'bench' },
    encoding: 'utf8',
  });
}

interface Phase {
  readonly deployment: 'plain' | 'enriched';
  readonly result: LoadResult;
}

async function phase(server: ChildServer, deployment: Phase['deployment'], bodies: readonly string[]): Promise<Phase> {
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
  return { deployment, result };
}

function line(p: Phase): string {
  const r = p.result;
  const cpu = r.cpu.server === undefined ? '-' : `${((r.cpu.server / Math.max(1, r.answered)) * 1e6).toFixed(0)} µs`;
  const others = r.otherShare === undefined ? '' : `  others' load ${(r.otherShare * 100).toFixed(0)}%`;
  return `${p.deployment.padEnd(9)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  server CPU/request ${cpu}  failed ${r.failed}${others}`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ballast-enrichment-bench-'));
  const dataDir = path.join(dir, 'data');
  let server: ChildServer | undefined;
  try {
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
      '--no-importance',
    );
    const inputs = (
      JSON.parse(ballast(dataDir, 'models', 'show', 'credit:1', '--json')) as { version: { signature: { inputs: FeatureSpec[] } } }
    ).version.signature.inputs;
    const full = await creditInstances([...inputs, { name: 'applicant_id', type: 'string' }], 2000);

    const store = await openStore(`sqlite:${path.join(dataDir, 'ballast.db')}`);
    try {
      await store.transaction((tx) =>
        tx.featureSets.append({
          definitions: DEFINITIONS,
          sha256: '0'.repeat(64),
          sourceFile: path.join(CREDIT_DIR, 'features.yaml'),
          createdBy: 'bench',
          createdAt: EVENT_TIME,
        }),
      );
      await store.onlineFeatures.upsert(
        'bureau',
        full.map((row) => ({
          entityKey: String(row.applicant_id),
          values: Object.fromEntries(BUREAU.map((name) => [name, (row[name] ?? null) as number | null])),
          eventTime: EVENT_TIME,
        })),
        1,
        EVENT_TIME,
      );
    } finally {
      await store.close();
    }
    ballast(dataDir, 'deploy', 'plain', '--model', 'credit:1');
    ballast(
      dataDir,
      'deploy',
      'enriched',
      '--model',
      'credit:1',
      '--features',
      `applicant_id=${BUREAU.map((f) => `bureau:${f}`).join(',')}`,
    );

    const plainBodies = oneInstanceBodies(full.map(({ applicant_id: _key, ...row }) => row));
    const enrichedBodies = oneInstanceBodies(
      full.map((row) => Object.fromEntries(Object.entries(row).filter(([name]) => !BUREAU.includes(name)))),
    );
    server = await startChildServer({
      name: 'ballast',
      args: [cli, '--data-dir', dataDir, 'serve', '--port', '0', '--quiet'],
      cwd: root,
      env: { BALLAST_ADMIN_TOKEN: ADMIN_TOKEN, BALLAST_DB: '' },
      // Started through tsx when dist/ is not built: slow to start on a busy machine.
      startTimeoutMs: 300_000,
    });
    const phases: Phase[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const deployment of ['plain', 'enriched'] as const) {
        const p = await phase(server, deployment, deployment === 'plain' ? plainBodies : enrichedBodies);
        phases.push(p);
        console.log(line(p));
      }
    }
    const mean = (d: Phase['deployment'], of: (r: LoadResult) => number) => {
      const values = phases.filter((p) => p.deployment === d).map((p) => of(p.result));
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    const ratio = mean('enriched', (r) => r.rps) / mean('plain', (r) => r.rps);
    const p50 = mean('enriched', (r) => r.p50) / mean('plain', (r) => r.p50);
    console.log(
      `\nenriched / plain throughput, c=${CONNECTIONS}: ${ratio.toFixed(3)} (aim ≥ ${AIM}: ${ratio >= AIM ? 'met' : 'NOT met'}); p50 latency ratio ${p50.toFixed(3)}`,
    );
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
