/**
 * What one prediction-log record costs to commit on SQLite, by group size, measured side by side
 * in one run: the store's own path (a transaction around `predictions.insertMany`, through Kysely)
 * against the floor of the same work with better-sqlite3 alone (one cached prepared statement, run
 * per record inside one transaction). Same schema, same file settings (WAL, synchronous=NORMAL),
 * same records. The serving benchmark shows the log's cost end to end; this shows how much of it
 * is the driver path rather than SQLite itself.
 *
 *   npx tsx bench/serving/log-insert.bench.ts     # BENCH_RECORDS (20000) per group size
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { monotonicFactory } from 'ulid';
import { inputValues } from '../../src/core/logged-inputs.ts';
import type { PredictionLogRecord } from '../../src/core/serving-records.ts';
import { openStore } from '../../src/store/store.ts';

const recordsPerSize = Number(process.env.BENCH_RECORDS ?? 20_000);
const dir = mkdtempSync(path.join(tmpdir(), 'ballast-log-insert-'));
const file = path.join(dir, 'log.db');
const newId = monotonicFactory();
// One row of examples/credit/live.csv, as the server logs it.
const inputs = {
  age: 60,
  income: 67700,
  employment_type: 'salaried',
  employment_years: 13.8,
  home_ownership: 'rent',
  loan_amount: 5600,
  loan_term_months: 24,
  purpose: 'medical',
  debt_to_income: 0.336,
  credit_history_months: 429,
  num_open_accounts: 3,
  num_late_payments_2y: 0,
  credit_utilization: 0.189,
};
const makeRecord = (): PredictionLogRecord => ({
  id: newId(),
  at: new Date().toISOString(),
  deploymentId: '01JBENCH0000000000000DEPLO',
  deploymentName: 'bench',
  versionId: '01JBENCH00000000000000VERS',
  modelName: 'credit',
  modelVersion: 1,
  requestId: null,
  features: Object.keys(inputs),
  inputs,
  output: { label: 0, probabilities: [0.98, 0.02] },
  latencyMs: 0.5,
});

const store = await openStore(`sqlite:${file}`);
const raw = new SQLite(file);
raw.pragma('journal_mode = WAL');
raw.pragma('synchronous = NORMAL');
const insert = raw.prepare(
  'insert into predictions (id, at, deployment_id, deployment_name, version_id, model_name, model_version, request_id, inputs, output, latency_ms, violations) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
);
const insertAll = raw.transaction((records: readonly PredictionLogRecord[]) => {
  for (const r of records)
    insert.run(
      r.id,
      r.at,
      r.deploymentId,
      r.deploymentName,
      r.versionId,
      r.modelName,
      r.modelVersion,
      r.requestId,
      JSON.stringify(inputValues(r.features, r.inputs)),
      JSON.stringify(r.output),
      r.latencyMs,
      null,
    );
});

/** µs per record to commit `groups` groups of `size` records (building the records is not counted). */
async function timeCommits(size: number, commit: (records: PredictionLogRecord[]) => unknown): Promise<number> {
  const groups = Array.from({ length: Math.ceil(recordsPerSize / size) }, () => Array.from({ length: size }, makeRecord));
  for (let i = 0; i < Math.min(50, groups.length); i++) await commit(Array.from({ length: size }, makeRecord)); // warm up
  const started = performance.now();
  for (const group of groups) await commit(group);
  return ((performance.now() - started) * 1000) / (groups.length * size);
}

try {
  console.log(
    `µs per prediction-log record committed on SQLite (WAL, synchronous=NORMAL), ${recordsPerSize.toLocaleString('en')} records per group size`,
  );
  console.log('records per commit   store (Kysely insertMany)   better-sqlite3 cached statement   store / floor');
  for (const size of [1, 8, 64]) {
    const viaStore = await timeCommits(size, (records) => store.transaction((tx) => tx.predictions.insertMany(records)));
    const floor = await timeCommits(size, (records) => insertAll(records));
    console.log(
      `${String(size).padStart(18)}   ${viaStore.toFixed(1).padStart(25)}   ${floor.toFixed(1).padStart(31)}   ${(viaStore / floor).toFixed(2).padStart(13)}`,
    );
  }
} finally {
  raw.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
