/**
 * Point-in-time training sets: Ballast's DuckDB engine against pandas `merge_asof` and Feast's local
 * offline store (the `file` store, Dask) on the same data, one run each, side by side: 10M entity rows
 * (1M customers) × 3 feature views (2M source rows each, two features each; TTL 7d, 30d, none), all
 * Parquet. Each engine runs in its own process, reads the files, joins and writes a Parquet training
 * set; it reports its wall time (from reading to written, imports excluded) and its peak RSS
 * (ru_maxrss: DuckDB's threads are in Ballast's process, Dask's in Feast's). The outputs are then
 * compared: rows, and per feature the number of values and their sum.
 *
 *   npx tsx bench/features/training-set.bench.ts [--rows 10000000] [--customers 1000000] [--source-rows 2000000]
 *       [--data /tmp/ballast-training-set-bench] [--feast-python /tmp/feast-venv/bin/python] [--timeout 600]
 *
 * The data is generated once by training_set_peer.py (system python3 with pandas and numpy). Feast runs
 * from its own virtual environment (`python3 -m venv /tmp/feast-venv && /tmp/feast-venv/bin/pip install feast`);
 * a peer that takes longer than --timeout seconds is stopped and reported as such.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { FeatureViewDefinition, SourceDefinition } from '../../src/core/features/feature-definitions.ts';
import { withDuckDb } from '../../src/app/features/duckdb.ts';
import { writePointInTimeJoin, type JoinFeature } from '../../src/app/features/training-set-engine.ts';

const { values: options } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000000' },
    customers: { type: 'string', default: '1000000' },
    'source-rows': { type: 'string', default: '2000000' },
    data: { type: 'string', default: '/tmp/ballast-training-set-bench' },
    'feast-python': { type: 'string', default: process.env.BENCH_FEAST_PYTHON ?? '/tmp/feast-venv/bin/python' },
    timeout: { type: 'string', default: '600' },
    'run-ballast': { type: 'boolean', default: false },
  },
});
const data = path.resolve(options.data);
const peer = path.join(import.meta.dirname, 'training_set_peer.py');
const VIEWS: Record<string, { ttlSeconds: number | null; features: [string, 'number' | 'integer'][] }> = {
  orders: {
    ttlSeconds: 7 * 86400,
    features: [
      ['order_total', 'number'],
      ['order_items', 'integer'],
    ],
  },
  payments: {
    ttlSeconds: 30 * 86400,
    features: [
      ['paid_amount', 'number'],
      ['payment_failures', 'integer'],
    ],
  },
  sessions: {
    ttlSeconds: null,
    features: [
      ['session_minutes', 'number'],
      ['pages_viewed', 'integer'],
    ],
  },
};
const FEATURES = Object.values(VIEWS).flatMap((v) => v.features.map(([name]) => name));

interface Measured {
  readonly peer: string;
  readonly seconds?: number;
  readonly peak_rss_mb?: number;
  readonly rows?: number;
  readonly failed?: string;
}

async function runBallast(output: string): Promise<Measured> {
  const entity = { name: 'customer', key: 'customer_id' };
  const features: JoinFeature[] = Object.entries(VIEWS).flatMap(([name, v]) => {
    const source: SourceDefinition = { name, path: path.join(data, `${name}.parquet`), timestamp: 'event_time' };
    const view: FeatureViewDefinition = {
      name,
      entity: 'customer',
      source: name,
      ttlSeconds: v.ttlSeconds,
      features: v.features.map(([feature, type]) => ({ name: feature, type })),
    };
    return view.features.map((feature) => ({
      kind: 'view' as const,
      ref: { view: name, feature: feature.name },
      view,
      feature,
      entity,
      source,
    }));
  });
  const started = performance.now();
  const result = await writePointInTimeJoin({
    entitiesFile: path.join(data, 'entities.parquet'),
    timestampColumn: 'event_timestamp',
    features,
    fullNames: false,
    output,
  });
  const seconds = (performance.now() - started) / 1000;
  return { peer: 'ballast', seconds, peak_rss_mb: process.resourceUsage().maxRSS / 1024, rows: result.rows };
}

if (options['run-ballast']) {
  console.log(JSON.stringify(await runBallast(path.join(data, 'ballast.parquet'))));
  process.exit(0);
}

const sizes = { rows: options.rows, customers: options.customers, sourceRows: options['source-rows'] };
const stamp = path.join(data, 'sizes.json');
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== JSON.stringify(sizes)) {
  mkdirSync(data, { recursive: true });
  console.error(`generating ${sizes.rows} entity rows and 3 × ${sizes.sourceRows} source rows in ${data} ...`);
  const made = spawnSync(
    'python3',
    [peer, 'generate', data, '--rows', sizes.rows, '--customers', sizes.customers, '--source-rows', sizes.sourceRows],
    { stdio: 'inherit' },
  );
  if (made.status !== 0) throw new Error('generating the data failed');
  writeFileSync(stamp, JSON.stringify(sizes));
}

const timeoutMs = Number(options.timeout) * 1000;
function measure(name: string, command: string, args: string[]): Measured {
  console.error(`running ${name} ...`);
  const started = performance.now();
  const run = spawnSync(command, args, { encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 });
  const elapsed = (performance.now() - started) / 1000;
  if (run.error !== undefined || run.status !== 0) {
    const why =
      run.signal === 'SIGKILL' && elapsed * 1000 >= timeoutMs * 0.99
        ? `stopped after ${options.timeout} s without finishing`
        : `failed (${run.error?.message ?? `exit ${run.status ?? run.signal}`}): ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`;
    return { peer: name, failed: why };
  }
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Measured;
}

const results = [
  measure('ballast', process.execPath, [...process.execArgv, import.meta.filename, '--run-ballast', '--data', data]),
  measure('pandas', 'python3', [peer, 'pandas', data, path.join(data, 'pandas.parquet')]),
  existsSync(options['feast-python'])
    ? measure('feast', options['feast-python'], [peer, 'feast', data, path.join(data, 'feast.parquet')])
    : { peer: 'feast', failed: `no Python with Feast at ${options['feast-python']}` },
];

// The outputs side by side: rows, and per feature how many values and their sum.
const summaries = await withDuckDb(async (db) => {
  const out: Record<string, string> = {};
  for (const r of results) {
    if (r.failed !== undefined) continue;
    const file = path.join(data, `${r.peer}.parquet`);
    const select = FEATURES.map((f) => `count("${f}"), round(sum("${f}"), 3)`).join(', ');
    const row = (await db.runAndReadAll(`select count(*), ${select} from read_parquet('${file}')`)).getRowsJS()[0]!;
    out[r.peer] = row.map(String).join(' ');
  }
  return out;
});

const ballast = results[0]!;
console.log(`\n${sizes.rows} entity rows × 3 views (${sizes.sourceRows} source rows each), ${sizes.customers} customers`);
console.log('peer      seconds   peak RSS MB   rows        Ballast faster by');
for (const r of results) {
  if (r.failed !== undefined) {
    console.log(`${r.peer.padEnd(9)} ${r.failed}`);
    continue;
  }
  const ratio = ballast.seconds !== undefined && r.seconds !== undefined ? `${(r.seconds / ballast.seconds).toFixed(1)}×` : '';
  console.log(
    `${r.peer.padEnd(9)} ${r.seconds!.toFixed(1).padStart(7)}   ${r.peak_rss_mb!.toFixed(0).padStart(11)}   ${String(r.rows).padEnd(10)}  ${ratio}`,
  );
}
console.log('\noutputs (rows, then per feature: values, sum):');
for (const [name, summary] of Object.entries(summaries)) console.log(`${name.padEnd(9)} ${summary}`);
console.log(JSON.stringify({ sizes, results, summaries }));
