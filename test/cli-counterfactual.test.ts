import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBallast } from './testing/run-ballast.ts';

const examples = path.resolve(import.meta.dirname, '..', 'examples', 'credit');
const model = path.join(examples, 'model.xgb.json');
const train = path.join(examples, 'train.csv');
let dir: string;
const ballast = (...args: string[]) => runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data'), env: { BALLAST_ACTOR: 'ci' } });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-cli-counterfactual-'));
  const registered = await ballast(
    'models',
    'register',
    'credit',
    model,
    '--training-data',
    train,
    '--label',
    'default',
    '--contract',
    path.join(examples, 'contract.yaml'),
  );
  expect(registered.code).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ballast counterfactual', () => {
  it('finds counterfactuals for a registered version from its training snapshot, and prints the API shape with --json', async () => {
    const result = await ballast(
      'counterfactual',
      '--model',
      'credit:1',
      '--input',
      train,
      '--row',
      '2',
      '--desired',
      '0',
      '--immutable',
      'age',
      '--json',
    );
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(answer).toMatchObject({ model: 'credit:1', method: 'tree_thresholds', found: true, closest: null, message: null });
    expect(answer.original.prediction.label).toBe(1);
    expect(answer.original.instance.home_ownership).toBe('mortgage');
    for (const cf of answer.counterfactuals) {
      expect(cf.prediction.label).toBe(0);
      expect(cf.instance.age).toBe(answer.original.instance.age);
    }
    const text = await ballast('counterfactual', '--model', 'credit:1', '--input', train, '--row', '2', '--desired', '0', '--k', '1');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^credit:1 answers 1 \(p 0\.\d+\) \(tree_thresholds search\)\n1\. num_late_payments_2y 2 → 1: 0 \(p 0\.\d+\), distance /,
    );
  }, 60_000);

  it('exits 1 with the closest candidate and the constraint that stopped it', async () => {
    const instance = JSON.stringify({
      age: 52,
      income: 93700,
      employment_type: 'salaried',
      employment_years: 7.7,
      home_ownership: 'mortgage',
      loan_amount: 45300,
      loan_term_months: 48,
      purpose: 'home_improvement',
      debt_to_income: 0.9,
      credit_history_months: 20,
      num_open_accounts: 5,
      num_late_payments_2y: 6,
      credit_utilization: 0.99,
    });
    const result = await ballast(
      'counterfactual',
      '--model',
      model,
      '--reference',
      train,
      '--instance',
      instance,
      '--desired',
      '0',
      '--max-changes',
      '1',
      '--immutable',
      'age,income,employment_years,loan_amount,debt_to_income,credit_history_months,num_open_accounts,num_late_payments_2y,credit_utilization,loan_term_months',
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /no counterfactual found: no counterfactual changes at most 1 feature within the constraints: .* stops? it/,
    );
    expect(result.stdout).toMatch(/\nclosest: \w+ .* → .*: 1 \(p /);
  }, 60_000);

  it('exits 2 on usage errors: no row, an unknown label, a model file without a reference', async () => {
    expect((await ballast('counterfactual', '--model', model, '--reference', train, '--desired', '0')).stderr).toMatch(
      /--instance JSON or as --input FILE --row N/,
    );
    const label = await ballast('counterfactual', '--model', 'credit', '--input', train, '--row', '1', '--desired', 'yes');
    expect(label.code).toBe(2);
    expect(label.stderr).toMatch(/"yes" is not a class of the model/);
    const noReference = await ballast('counterfactual', '--model', model, '--input', train, '--row', '1', '--desired', '0');
    expect(noReference.code).toBe(2);
    expect(noReference.stderr).toMatch(/pass --reference FILE/);
  }, 60_000);
});
