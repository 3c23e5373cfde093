/**
 * The live contract check, measured in-process:
 *
 * 1. the compiled row checker alone, ns per row, for a 20-column contract of mixed types (numbers
 *    and integers with ranges, categories, strings with patterns, booleans, timestamps), on clean
 *    rows (the path nearly every request takes) and on rows with one violation;
 * 2. its share of a predict request with the credit XGBoost model: JSON.parse of a one-instance
 *    body, the contract check, compileInstanceReader's batch and the model's predict, without HTTP.
 *
 *   npx tsx bench/contracts/row-checker.bench.ts      # BENCH_SECONDS (default 1) per measurement
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readTable } from '../../src/app/data-files.ts';
import { CONTRACT_FORMAT, type ColumnRule, type Contract } from '../../src/core/contracts/contract-types.ts';
import { compileRowChecker, type RowChecker } from '../../src/core/contracts/row-checker.ts';
import { isMissing, parseNumber } from '../../src/core/table.ts';
import { compileInstanceReader } from '../../src/runtime/read-instances.ts';
import { xgboostRuntime } from '../../src/runtime/xgboost/xgboost-runtime.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 1);
const credit = path.resolve(import.meta.dirname, '..', '..', 'examples', 'credit');

/** Median over 7 timed rounds of `fn` over all items, in ns per item; each round lasts about seconds/7. */
function nsPerItem<T>(items: readonly T[], fn: (item: T) => unknown): number {
  let sink = 0;
  const round = () => {
    const started = process.hrtime.bigint();
    for (const item of items) if (fn(item) !== undefined) sink++;
    return Number(process.hrtime.bigint() - started);
  };
  for (let i = 0; i < 20; i++) round();
  const perRound = round();
  const repeats = Math.max(1, Math.round((seconds * 1e9) / 7 / perRound));
  const results: number[] = [];
  for (let r = 0; r < 7; r++) {
    let total = 0;
    for (let k = 0; k < repeats; k++) total += round();
    results.push(total / repeats / items.length);
  }
  if (sink < 0) console.log(sink);
  return results.sort((a, b) => a - b)[3]!;
}

// 1. A 20-column contract of mixed types, and 1,000 distinct clean rows as JSON.parse gives them.
const STATES = ['CA', 'NY', 'TX', 'WA', 'FL', 'IL', 'MA', 'GA'];
const columns: Record<string, ColumnRule> = {
  age: { type: 'integer', min: 18, max: 100, nullable: false },
  income: { type: 'number', min: 0, max: 2_000_000 },
  credit_score: { type: 'integer', min: 300, max: 850 },
  balance: { type: 'number', min: 0 },
  utilization: { type: 'number', min: 0, max: 1, mostly: 0.99 },
  num_accounts: { type: 'integer', min: 0, max: 60 },
  late_payments: { type: 'integer', min: 0, max: 30 },
  loan_amount: { type: 'number', min: 500, max: 100_000 },
  interest_rate: { type: 'number', min: 0, max: 0.4 },
  term_months: { type: 'category', values: [12, 24, 36, 48, 60] },
  state: { type: 'category', values: STATES },
  employment_type: { type: 'category', values: ['salaried', 'self_employed', 'unemployed', 'retired'] },
  purpose: { type: 'category', values: ['car', 'home', 'education', 'medical', 'business'] },
  id: { type: 'string', pattern: 'C\\d{8}', nullable: false },
  zip: { type: 'string', pattern: '\\d{5}' },
  email_domain: { type: 'string' },
  is_joint: { type: 'boolean' },
  autopay: { type: 'boolean' },
  applied_at: { type: 'timestamp', min: '2020-01-01', max: '2030-01-01' },
  birth_date: { type: 'timestamp', min: '1900-01-01' },
};
const contract: Contract = { format: CONTRACT_FORMAT, columns, dataset: { allow_extra_columns: false } };
const check = compileRowChecker(contract);
const instances = Array.from({ length: 1000 }, (_, i) => {
  const row = {
    age: 18 + (i % 70),
    income: 20_000 + i * 97.31,
    credit_score: 300 + (i % 550),
    balance: i * 12.5,
    utilization: (i % 100) / 100,
    num_accounts: i % 40,
    late_payments: i % 5,
    loan_amount: 1000 + (i % 900) * 100,
    interest_rate: 0.05 + (i % 30) / 100,
    term_months: [12, 24, 36, 48, 60][i % 5],
    state: STATES[i % STATES.length],
    employment_type: ['salaried', 'self_employed', 'unemployed', 'retired'][i % 4],
    purpose: ['car', 'home', 'education', 'medical', 'business'][i % 5],
    id: `C${String(10_000_000 + i)}`,
    zip: String(10_000 + i * 7),
    email_domain: i % 2 === 0 ? 'example.com' : 'mail.example.org',
    is_joint: i % 3 === 0,
    autopay: i % 2 === 0,
    applied_at: `2024-0${1 + (i % 9)}-1${i % 10}T10:00:00Z`,
    birth_date: `19${50 + (i % 50)}-06-15`,
  };
  return JSON.parse(JSON.stringify(row)) as Record<string, unknown>;
});
const broken = instances.map((row, i) => ({ ...row, ...(i % 2 === 0 ? { age: 150 } : { state: 'XX' }) }));
const clean = instances.filter((row) => check(row) !== undefined);
if (clean.length > 0) throw new Error(`the benchmark rows should be clean: ${JSON.stringify(check(clean[0]!))}`);

const cleanNs = nsPerItem(instances, check);
const brokenNs = nsPerItem(broken, check);
console.log(`compiled row checker, 20-column contract (mixed types, allow_extra_columns: false), median of 7 rounds`);
console.log(`  clean row:              ${(cleanNs / 1000).toFixed(3)} µs per row (${(cleanNs / 20).toFixed(0)} ns per column)`);
console.log(`  row with one violation: ${(brokenNs / 1000).toFixed(3)} µs per row`);

// 2. Its share of a predict request: the credit model's 13 features, checked then scored one request at a time.
const model = await xgboostRuntime.load(readFileSync(path.join(credit, 'model.xgb.json')));
const inputs = model.signature.inputs;
const table = await readTable(path.join(credit, 'live.csv'));
const creditRules: Record<string, ColumnRule> = {};
for (const feature of inputs) {
  const at = table.columns.indexOf(feature.name);
  const values = table.rows.map((r) => parseNumber(r.cells[at] ?? null)).filter((v): v is number => v !== undefined);
  creditRules[feature.name] =
    feature.type === 'category'
      ? { type: 'category', values: feature.categories ?? [] }
      : { type: feature.type === 'integer' ? 'integer' : 'number', min: Math.min(...values), max: Math.max(...values) };
}
const creditCheck: RowChecker = compileRowChecker({ format: CONTRACT_FORMAT, columns: creditRules });
const bodies = table.rows.slice(0, 1000).map(({ cells }) => {
  const instance: Record<string, unknown> = {};
  for (const feature of inputs) {
    const cell = cells[table.columns.indexOf(feature.name)] ?? null;
    instance[feature.name] = isMissing(cell) ? null : feature.type === 'category' ? String(cell) : parseNumber(cell);
  }
  return JSON.stringify({ instances: [instance] });
});
const read = compileInstanceReader(inputs);

async function requestNs(withCheck: boolean): Promise<number> {
  const serve = async (body: string) => {
    const { instances: rows } = JSON.parse(body) as { instances: Record<string, unknown>[] };
    if (withCheck) for (const row of rows) if (creditCheck(row) !== undefined) throw new Error('a live.csv row broke its own ranges');
    return model.predict(read(rows));
  };
  for (const body of bodies) await serve(body);
  const times: number[] = [];
  for (let r = 0; r < 7; r++) {
    const started = process.hrtime.bigint();
    let n = 0;
    while (Number(process.hrtime.bigint() - started) < (seconds * 1e9) / 7) {
      for (const body of bodies) {
        await serve(body);
        n++;
      }
    }
    times.push(Number(process.hrtime.bigint() - started) / n);
  }
  return times.sort((a, b) => a - b)[3]!;
}

const parsedRows = bodies.map((body) => (JSON.parse(body) as { instances: Record<string, unknown>[] }).instances[0]!);
const creditCheckNs = nsPerItem(parsedRows, creditCheck);
const withCheck = await requestNs(true);
const withoutCheck = await requestNs(false);
console.log(`\npredict request in-process, credit XGBoost model (${inputs.length} features), one instance per request, no HTTP`);
console.log(
  `  parse + check + read + predict: ${(withCheck / 1000).toFixed(2)} µs; without the check ${(withoutCheck / 1000).toFixed(2)} µs`,
);
console.log(
  `  contract check alone: ${(creditCheckNs / 1000).toFixed(3)} µs per row = ${((100 * creditCheckNs) / withCheck).toFixed(1)}% of the in-process request`,
);
for (const endToEnd of [100, 300]) {
  console.log(
    `  share of a ${endToEnd} µs end-to-end HTTP request: 20-column check ${((cleanNs / 1000 / endToEnd) * 100).toFixed(2)}%, credit check ${((creditCheckNs / 1000 / endToEnd) * 100).toFixed(2)}%`,
  );
}
