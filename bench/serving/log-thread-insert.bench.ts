/**
 * What the SQLite log thread's insert costs per record, by the shape of the rows and how the
 * commits are spaced, measured side by side in one run: the thread's own statement
 * (`INSERT_LOG_ROWS` over journal lines of 16 records, as `sqlite-log-thread-entry.ts` runs it)
 * on the predictions table of a migrated store, with
 *   - inputs as an object keyed by feature name (the earlier row) or as the values in signature
 *     order (`core/logged-inputs.ts`, the row now), and
 *   - commits back to back, or with a pause between them as the server's gathering leaves them
 *     (the thread sleeps between commits, and its caches go cold): 7 lines a commit every 5 ms,
 *     or 28 lines every 20 ms.
 * CPU time of this process (user + system) per record; one row of examples/credit/live.csv.
 *
 *   npx tsx bench/serving/log-thread-insert.bench.ts     # BENCH_RECORDS (60000) per case
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { monotonicFactory } from 'ulid';
import type { PredictionLogRecord } from '../../src/core/serving-records.ts';
import { encodeLogRecords, INSERT_LOG_ROWS } from '../../src/store/sqlite-log-wire.ts';
import { openStore } from '../../src/store/store.ts';

const recordsPerCase = Number(process.env.BENCH_RECORDS ?? 60_000);
const LINE = 16;
const newId = monotonicFactory();
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
const features = Object.keys(inputs);
const record = (): PredictionLogRecord => ({
  id: newId(),
  at: new Date().toISOString(),
  deploymentId: '01JBENCH0000000000000DEPLO',
  deploymentName: 'credit',
  versionId: '01JBENCH00000000000000VERS',
  modelName: 'credit',
  modelVersion: 1,
  requestId: null,
  features,
  inputs,
  output: { label: 0, probabilities: [0.9812345678, 0.0187654322] },
  latencyMs: 0.5123,
});

/** The earlier line: the same rows with the inputs as an object (column 8 of each row). */
function namedLine(records: readonly PredictionLogRecord[]): string {
  const rows = JSON.parse(encodeLogRecords(records)) as unknown[][];
  records.forEach((r, i) => (rows[i]![8] = r.inputs));
  return JSON.stringify(rows);
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** µs of CPU per record to insert `recordsPerCase` records in commits of `linesPerCommit` lines, pausing `pauseMs` after each. */
async function measure(shape: 'named' | 'values', linesPerCommit: number, pauseMs: number): Promise<{ us: number; fileBytes: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ballast-log-thread-insert-'));
  const file = path.join(dir, 'ballast.db');
  await (await openStore(`sqlite:${file}`)).close();
  const db = new SQLite(file);
  try {
    // As the log thread's connection (sqlite-log-thread-entry.ts).
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('wal_autocheckpoint = 10000');
    const insert = db.prepare(INSERT_LOG_ROWS);
    const commit = db.transaction((lines: readonly Buffer[]) => {
      for (const line of lines) insert.run(line);
    });
    const encode = (records: PredictionLogRecord[]) => Buffer.from(shape === 'named' ? namedLine(records) : encodeLogRecords(records));
    for (let i = 0; i < 20; i++) commit(Array.from({ length: linesPerCommit }, () => encode(Array.from({ length: LINE }, record)))); // warm up
    const lines = Array.from({ length: Math.ceil(recordsPerCase / LINE) }, () => encode(Array.from({ length: LINE }, record)));
    const started = process.cpuUsage();
    for (let i = 0; i < lines.length; i += linesPerCommit) {
      commit(lines.slice(i, i + linesPerCommit));
      if (pauseMs > 0) Atomics.wait(sleeper, 0, 0, pauseMs);
    }
    const used = process.cpuUsage(started);
    const records = (lines.length + 20 * linesPerCommit) * LINE;
    db.pragma('wal_checkpoint(TRUNCATE)');
    const fileBytes = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
    return { us: (used.user + used.system) / (lines.length * LINE), fileBytes: fileBytes / records };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const cases = [
  { label: 'back to back, 7 lines a commit', lines: 7, pause: 0 },
  { label: '7 lines a commit every 5 ms', lines: 7, pause: 5 },
  { label: '28 lines a commit every 20 ms', lines: 28, pause: 20 },
] as const;
console.log(
  `µs of CPU per record for the log thread's insert, lines of ${LINE} credit records, ${recordsPerCase.toLocaleString('en')} records a case`,
);
console.log('commits                               inputs as an object   inputs as values   values / object');
for (const c of cases) {
  const named = await measure('named', c.lines, c.pause);
  const values = await measure('values', c.lines, c.pause);
  console.log(
    `${c.label.padEnd(36)}  ${named.us.toFixed(2).padStart(19)}  ${values.us.toFixed(2).padStart(17)}  ${(values.us / named.us).toFixed(2).padStart(16)}`,
  );
}
const [named, values] = [namedLine([record()]).length, encodeLogRecords([record()]).length];
const [namedFile, valuesFile] = [(await measure('named', 7, 0)).fileBytes, (await measure('values', 7, 0)).fileBytes];
console.log(
  `bytes per record on the wire: ${named} as an object, ${values} as values; in the database file: ${namedFile.toFixed(0)} and ${valuesFile.toFixed(0)}`,
);
