import { describe, expect, it } from 'vitest';
import { parseContract } from '../../core/contracts/parse-contract.ts';
import type { CheckData } from '../../core/model-tests/suite-types.ts';
import { contractEvaluator } from './contract-check.ts';

const contract = (dataset: string) =>
  parseContract(
    `format: ballast.contract/v1
columns:
  age: {type: integer, min: 18, max: 100, nullable: false}
  income: {type: number, min: 0, severity: warn}
dataset: {${dataset}}
`,
    'yaml',
    'c.yaml',
  );

const table = {
  columns: ['age', 'income', 'default'],
  rows: [
    { row: 1, cells: ['30', '100', '0'] },
    { row: 2, cells: ['12', '-5', '1'] },
    { row: 3, cells: ['', '10', '0'] },
    { row: 4, cells: ['50', '-1', '1'] },
  ],
};
const spec = { name: 'c', type: 'contract' as const, severity: 'error' as const, max_violation_rate: 0.5 };
const run = (dataset: string, max = 0.5) =>
  contractEvaluator(contract(dataset), table, new Date(0))({ ...spec, max_violation_rate: max }, {} as CheckData, 0);

describe('the contract check', () => {
  it('counts rows breaking an error rule of a cell (a warn rule does not count), against max_violation_rate', async () => {
    const result = await run('allow_extra_columns: true');
    expect(result.values).toEqual({ violation_rate: 0.5, failing_rows: 2, set_errors: 0 });
    expect(result.passed).toBe(true);
    expect((await run('allow_extra_columns: true', 0.25)).passed).toBe(false);
  });

  it('fails on an error rule of the whole set, but not on the label and other columns beyond the contract', async () => {
    const extra = await run('allow_extra_columns: false');
    expect(extra.passed).toBe(true);
    expect((extra.details as { issues: { code: string }[] }).issues.map((i) => i.code)).toContain('unexpected_column');
    const small = await run('row_count: {min: 10}');
    expect(small.values.set_errors).toBe(1);
    expect(small.passed).toBe(false);
    expect(small.message).toMatch(/^the data breaks 1 rule of the whole set: /);
  });
});
