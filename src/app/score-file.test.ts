import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNTIMES } from '../runtime/runtimes.ts';
import { loadModelFile } from './load-model.ts';
import { scoreFile } from './score-file.ts';
import { EXAMPLES } from './testing/test-context.ts';

let dir: string;
let model: Awaited<ReturnType<typeof loadModelFile>>;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-score-'));
  model = await loadModelFile(RUNTIMES, path.join(EXAMPLES, 'model.lgb.txt'));
});
afterAll(async () => {
  await model.loaded.close();
  rmSync(dir, { recursive: true, force: true });
});

const header =
  'applicant_id,age,income,employment_type,employment_years,home_ownership,loan_amount,loan_term_months,purpose,debt_to_income,credit_history_months,num_open_accounts,num_late_payments_2y,credit_utilization,branch';
const rows = [
  '007,35,52000,salaried,6,rent,12000,36,car,0.31,84,4,0,0.42,',
  'LV-2,52,93700,salaried,7.7,mortgage,45300,48,home_improvement,0.286,200,5,1,0.113,north',
];

async function score(file: string, keep?: string[], chunkRows?: number): Promise<Record<string, unknown>[]> {
  let text = '';
  await scoreFile({ model: model.loaded, input: file, keep, chunkRows, write: (t) => void (text += t) });
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('scoreFile --keep', () => {
  it('copies the kept columns into each line under their own names, first, as the file gives them', async () => {
    const file = path.join(dir, 'rows.csv');
    writeFileSync(file, [header, ...rows].join('\n') + '\n');
    const plain = await score(file);
    const kept = await score(file, ['applicant_id', 'branch', 'age'], 1);
    expect(kept).toHaveLength(2);
    expect(Object.keys(kept[0]!)).toEqual(['applicant_id', 'branch', 'age', 'label', 'probabilities']);
    // Text from CSV (an id keeps its leading zeros), missing as null, features allowed too.
    expect(kept.map((line) => [line.applicant_id, line.branch, line.age])).toEqual([
      ['007', null, '35'],
      ['LV-2', 'north', '52'],
    ]);
    expect(kept.map(({ label, probabilities }) => ({ label, probabilities }))).toEqual(plain);
  });

  it('keeps JSON values from JSON Lines', async () => {
    const file = path.join(dir, 'rows.jsonl');
    const names = header.split(',');
    const objects = rows.map((row) =>
      Object.fromEntries(
        row
          .split(',')
          .map((cell, i) => [names[i]!, cell === '' ? null : /^[\d.]+$/.test(cell) && names[i] !== 'applicant_id' ? Number(cell) : cell]),
      ),
    );
    writeFileSync(file, objects.map((o) => JSON.stringify(o)).join('\n') + '\n');
    const kept = await score(file, ['applicant_id', 'age']);
    expect(kept.map((line) => [line.applicant_id, line.age])).toEqual([
      ['007', 35],
      ['LV-2', 52],
    ]);
  });

  it('refuses a column the file does not have, or one whose name an output field takes', async () => {
    const file = path.join(dir, 'rows.csv');
    writeFileSync(file, [header, ...rows].join('\n') + '\n');
    await expect(score(file, ['applicant_idd'])).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringMatching(/^--keep applicant_idd: not a column of rows\.csv \(its columns are applicant_id, age/),
    });
    await expect(score(file, ['label'])).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('--keep label'),
    });
    const jsonl = path.join(dir, 'ids.jsonl');
    writeFileSync(
      jsonl,
      JSON.stringify({ ...Object.fromEntries(header.split(',').map((n) => [n, null])), age: 30, loan_amount: 1000 }) + '\n',
    );
    await expect(score(jsonl, ['applicant_idd'])).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('no object of its first 1 rows has a value for it'),
    });
  });
});
