/**
 * Writes the batch-validation benchmark's data: a CSV of N rows × 20 columns (numbers, integers,
 * categories, strings with patterns, booleans, timestamps, a label) with a known number of rule
 * violations sprinkled in, the contract the data is checked against, and the injected counts.
 *
 *   npx tsx bench/contracts/make-dataset.ts DIR [ROWS]      # ROWS defaults to 1,000,000
 *
 * Deterministic (seeded), so every run and both validators see the same bytes. Each injected
 * violation lands on its own row, and the duplicated rows copy earlier rows that carry none, so
 * the expected counts are exact.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { CONTRACT_FORMAT, type Contract } from '../../src/core/contracts/contract-types.ts';

const STATES =
  'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY'.split(
    ' ',
  );
const EMPLOYMENT = ['salaried', 'self_employed', 'unemployed', 'retired', 'student'];
const PURPOSES = ['car', 'home', 'education', 'medical', 'debt_consolidation', 'business', 'other'];
const HOMES = ['rent', 'own', 'mortgage', 'other'];
const TERMS = [12, 24, 36, 48, 60];

/** The check time the benchmark validates at: the newest application is about two weeks older. */
export const CHECK_TIME = '2026-01-15T00:00:00Z';

export const BENCH_CONTRACT: Contract = {
  format: CONTRACT_FORMAT,
  name: 'loan-applications',
  columns: {
    id: { type: 'string', unique: true, pattern: 'C\\d{8}', nullable: false },
    age: { type: 'integer', min: 18, max: 100, nullable: false },
    income: { type: 'number', min: 0, max: 2_000_000, missing_max: 0.05 },
    credit_score: { type: 'integer', min: 300, max: 850 },
    balance: { type: 'number', min: 0 },
    utilization: { type: 'number', min: 0, max: 1, mostly: 0.999 },
    num_accounts: { type: 'integer' },
    late_payments: { type: 'integer', min: 0, max: 30, missing_max: 0.01, severity: 'warn' },
    employment_years: { type: 'number' },
    loan_amount: { type: 'number', min: 500, max: 100_000 },
    interest_rate: { type: 'number', min: 0, max: 0.4, mostly: 0.99 },
    term_months: { type: 'category', values: TERMS },
    state: { type: 'category', values: STATES },
    employment_type: { type: 'category', values: EMPLOYMENT },
    purpose: { type: 'category', values: PURPOSES },
    home_ownership: { type: 'category', values: HOMES, nullable: false },
    is_joint: { type: 'boolean' },
    zip: { type: 'string', pattern: '\\d{5}' },
    applied_at: { type: 'timestamp', min: '2020-01-01', max: '2025-12-31T23:59:59' },
    defaulted: { type: 'integer', min: 0, max: 1, nullable: false },
  },
  dataset: {
    row_count: { min: 1000 },
    duplicate_rows_max: 0,
    label: { column: 'defaulted', min_minority_share: 0.05 },
    freshness: { column: 'applied_at', max_delay: '30d' },
  },
};

type ColumnName =
  | 'id'
  | 'age'
  | 'income'
  | 'credit_score'
  | 'balance'
  | 'utilization'
  | 'num_accounts'
  | 'late_payments'
  | 'employment_years'
  | 'loan_amount'
  | 'interest_rate'
  | 'term_months'
  | 'state'
  | 'employment_type'
  | 'purpose'
  | 'home_ownership'
  | 'is_joint'
  | 'zip'
  | 'applied_at'
  | 'defaulted';
type Cells = Record<ColumnName, string>;

/** [column, code, how many rows, how the row is broken]; each lands on distinct rows. */
const INJECTIONS: [string, string, number, (cells: Cells) => void][] = [
  ['id', 'pattern_mismatch', 15, (c) => (c.id = c.id.replace('C', 'X'))],
  ['age', 'out_of_range', 30, (c) => (c.age = '150')],
  ['age', 'null_not_allowed', 10, (c) => (c.age = '')],
  ['credit_score', 'out_of_range', 25, (c) => (c.credit_score = '900')],
  ['balance', 'out_of_range', 12, (c) => (c.balance = '-125.50')],
  // 0.05% of rows: inside utilization's mostly (0.999), so no issue is expected.
  ['utilization', 'out_of_range (tolerated)', 500, (c) => (c.utilization = '1.2')],
  ['num_accounts', 'type_mismatch', 10, (c) => (c.num_accounts = 'many')],
  ['employment_years', 'type_mismatch', 10, (c) => (c.employment_years = 'unknown')],
  ['loan_amount', 'out_of_range', 40, (c) => (c.loan_amount = '250000')],
  // 1.5% of rows: beyond interest_rate's mostly (0.99), so every one is reported.
  ['interest_rate', 'out_of_range', 15_000, (c) => (c.interest_rate = '0.55')],
  ['term_months', 'unknown_category', 20, (c) => (c.term_months = '30')],
  ['state', 'unknown_category', 15, (c) => (c.state = 'XX')],
  ['is_joint', 'type_mismatch', 10, (c) => (c.is_joint = 'maybe')],
  ['zip', 'pattern_mismatch', 30, (c) => (c.zip = c.zip.slice(0, 4))],
  ['applied_at', 'out_of_range', 10, (c) => (c.applied_at = '2019-06-01 10:00:00')],
];
const DUPLICATE_ROWS = 25;

/** mulberry32: small, fast and good enough to make benchmark data reproducible. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedDataset {
  readonly csv: string;
  readonly contract: string;
  /** "column code" -> rows injected, plus the naturally missing late_payments share. */
  readonly expected: Record<string, number>;
}

export async function makeDataset(dir: string, rows: number): Promise<GeneratedDataset> {
  await mkdir(dir, { recursive: true });
  const rand = random(20240601);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const broken = new Map<number, ((cells: Cells) => void)[]>();
  const used = new Set<number>();
  const expected: Record<string, number> = {};
  const distinctRow = () => {
    for (;;) {
      const row = Math.floor(rand() * rows);
      if (!used.has(row)) return (used.add(row), row);
    }
  };
  for (const [column, code, count, breakRow] of INJECTIONS) {
    expected[`${column} ${code}`] = count;
    for (let k = 0; k < count; k++) broken.set(distinctRow(), [breakRow]);
  }
  const duplicates = new Set<number>();
  for (let k = 0; k < DUPLICATE_ROWS; k++) duplicates.add(distinctRow());

  const csv = path.join(dir, 'applications.csv');
  const out = createWriteStream(csv);
  const columns = Object.keys(BENCH_CONTRACT.columns);
  out.write(`${columns.join(',')}\n`);
  const start = Date.parse('2020-01-01T00:00:00Z');
  const span = Date.parse('2025-12-31T00:00:00Z') - start;
  let lastClean = '';
  let lateMissing = 0;
  let duplicated = 0;
  let lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    if (duplicates.has(i) && lastClean !== '') {
      lines.push(lastClean);
      duplicated++;
      if (lastClean.split(',')[7] === '') lateMissing++;
    } else {
      const when = new Date(start + Math.floor(rand() * span)).toISOString();
      const cells: Cells = {
        id: `C${String(i + 1).padStart(8, '0')}`,
        age: String(18 + Math.floor(rand() * 72)),
        income: rand() < 0.03 ? '' : (15_000 + rand() * 185_000).toFixed(2),
        credit_score: String(300 + Math.floor(rand() * 551)),
        balance: (rand() * 50_000).toFixed(2),
        utilization: rand().toFixed(4),
        num_accounts: String(Math.floor(rand() * 25)),
        late_payments: rand() < 0.02 ? '' : String(Math.floor(rand() * 6)),
        employment_years: rand() < 0.1 ? '' : (rand() * 40).toFixed(1),
        loan_amount: String(500 + Math.floor(rand() * 995) * 100),
        interest_rate: (0.02 + rand() * 0.3).toFixed(4),
        term_months: String(pick(TERMS)),
        state: pick(STATES),
        employment_type: pick(EMPLOYMENT),
        purpose: pick(PURPOSES),
        home_ownership: pick(HOMES),
        is_joint: rand() < 0.2 ? 'True' : 'False',
        zip: String(Math.floor(rand() * 100_000)).padStart(5, '0'),
        applied_at: `${when.slice(0, 10)} ${when.slice(11, 19)}`,
        defaulted: rand() < 0.08 ? '1' : '0',
      };
      const breaks = broken.get(i);
      for (const breakRow of breaks ?? []) breakRow(cells);
      const line = columns.map((name) => cells[name as keyof Cells]).join(',');
      if (cells.late_payments === '') lateMissing++;
      if (breaks === undefined) lastClean = line;
      lines.push(line);
    }
    if (lines.length === 10_000) {
      if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
      lines = [];
    }
  }
  out.end(lines.length > 0 ? `${lines.join('\n')}\n` : '');
  await once(out, 'finish');
  expected['late_payments missing_share'] = lateMissing;
  expected['- duplicate_rows'] = duplicated;
  expected['id not_unique'] = duplicated;
  const contract = path.join(dir, 'contract.json');
  await writeFile(contract, `${JSON.stringify(BENCH_CONTRACT, null, 2)}\n`);
  await writeFile(path.join(dir, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
  return { csv, contract, expected };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, rows] = process.argv.slice(2);
  if (dir === undefined) {
    console.error('usage: make-dataset.ts DIR [ROWS]');
    process.exit(2);
  }
  const made = await makeDataset(dir, Number(rows ?? 1_000_000));
  console.log(JSON.stringify(made, null, 2));
}
