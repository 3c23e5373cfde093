import SQLite from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { monotonicFactory } from 'ulid';
import { encodeLogRecords, INSERT_LOG_ROWS } from '../../src/store/sqlite-log-wire.ts';
const newId = monotonicFactory();
const inputs = { age: 60, income: 67700, employment_type: 'salaried', employment_years: 13.8, home_ownership: 'rent', loan_amount: 5600, loan_term_months: 24, purpose: 'medical', debt_to_income: 0.336, credit_history_months: 429, num_open_accounts: 3, num_late_payments_2y: 0, credit_utilization: 0.189 };
const rec = () => ({ id: newId(), at: new Date().toISOString(), deploymentId: '01JBENCH0000000000000DEPLO', deploymentName: 'bench', versionId: '01JBENCH00000000000000VERS', modelName: 'credit', modelVersion: 1, requestId: null, inputs: { ...inputs, age: Math.random() }, output: { label: 0, probabilities: [Math.random(), 0.02] }, latencyMs: Math.random() });
const G = Number(process.argv[2] ?? 14), N = 42000;
for (let r = 0; r < 3; r++) for (const ps of [4096, 8192, 16384, 65536]) {
  const file = path.join(mkdtempSync('/tmp/sq/d-'), 'x.db');
  const db = new SQLite(file);
  db.pragma(`page_size = ${ps}`);
  db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL');
  db.exec(`create table predictions (id varchar(26) primary key, at varchar(40) not null, deployment_id varchar(26) not null, deployment_name varchar(128) not null, version_id varchar(26) not null, model_name varchar(128) not null, model_version integer not null, request_id varchar(200), inputs text not null, output text not null, latency_ms double precision not null, violations text)`);
  db.exec('create index predictions_deployment_id on predictions (deployment_name, id)');
  db.exec('create index predictions_request_id on predictions (request_id) where request_id is not null');
  const ins = db.prepare(INSERT_LOG_ROWS);
  const texts = Array.from({ length: N / G }, () => encodeLogRecords(Array.from({ length: G }, rec)));
  const tx = db.transaction((t: string) => ins.run(t));
  const c = process.cpuUsage(); const t0 = performance.now();
  for (const t of texts) tx(t);
  const u = process.cpuUsage(c); const w = performance.now() - t0;
  console.log(String(ps).padEnd(6), 'wall', (w * 1000 / N).toFixed(2), 'user', (u.user / N).toFixed(2), 'sys', (u.system / N).toFixed(2), 'cpu', ((u.user+u.system) / N).toFixed(2));
  db.close();
}
