import { describe, expect, it } from 'vitest';
import type { Contract } from './contract-types.ts';
import { diffContracts, type SchemaChange } from './diff-contracts.ts';
import { parseContract } from './parse-contract.ts';

const BASE: Contract = parseContract(
  `format: ballast.contract/v1
columns:
  id: {type: string, unique: true, pattern: "C[0-9]{6}", nullable: false}
  age: {type: integer, min: 0, max: 120, mostly: 0.999}
  income: {type: number, missing_max: 0.05}
  country: {type: category, values: [DE, FR, US]}
  signup: {type: timestamp, min: "2015-01-01"}
  churned: {type: boolean, nullable: false}
dataset:
  row_count: {min: 1000}
  duplicate_rows_max: 0.01
  label: {column: churned, min_class_share: 0.05}
  freshness: {column: signup, max_delay: 24h}
`,
  'yaml',
  'base.yaml',
);

function edit(
  change: (draft: {
    columns: Record<string, Record<string, unknown>>;
    dataset: Record<string, unknown>;
    defaults?: Record<string, unknown>;
  }) => void,
): Contract {
  const draft = JSON.parse(JSON.stringify(BASE)) as Parameters<typeof change>[0];
  change(draft);
  return parseContract(JSON.stringify(draft), 'json', 'edited.json');
}

function summary(changes: SchemaChange[]): [string, string | null, string, boolean][] {
  return changes.map((c) => [c.kind, c.column, c.effect, c.breaking]);
}

describe('diffContracts', () => {
  it('finds nothing between a contract and itself, or one that only spells defaults out', () => {
    expect(diffContracts(BASE, BASE)).toEqual([]);
    const spelled = edit((d) => {
      d.columns.age!.nullable = true;
      d.columns.age!.severity = 'error';
      d.columns.country!.unique = false;
      d.dataset.allow_extra_columns = true;
      d.columns.country!.description = 'where the customer lives';
    });
    expect(diffContracts(BASE, spelled)).toEqual([]);
  });

  it('reports added, removed and retyped columns; adding one breaks data that lacks it', () => {
    const next = edit((d) => {
      delete d.columns.income;
      d.columns.tenure = { type: 'integer', min: 0 };
      d.columns.age!.type = 'number';
    });
    expect(summary(diffContracts(BASE, next))).toEqual([
      ['column_retyped', 'age', 'loosened', false],
      ['column_removed', 'income', 'loosened', false],
      ['column_added', 'tenure', 'tightened', true],
    ]);
    const messages = diffContracts(BASE, next).map((c) => c.message);
    expect(messages).toEqual([
      'age: type integer -> number',
      'income: column removed; it is no longer checked',
      'tenure: column added (integer); data without it fails',
    ]);
  });

  it('makes a removed column breaking when extra columns are not allowed', () => {
    const next = edit((d) => {
      delete d.columns.income;
      d.dataset.allow_extra_columns = false;
    });
    expect(summary(diffContracts(BASE, next))).toEqual([
      ['column_removed', 'income', 'tightened', true],
      ['extra_columns_changed', null, 'tightened', true],
    ]);
  });

  it('tells a widened range from a narrowed or shifted one, timestamps as instants', () => {
    const widened = edit((d) => void (d.columns.age!.max = 150));
    const narrowed = edit((d) => void (d.columns.age!.min = 18));
    const shifted = edit((d) => Object.assign(d.columns.age!, { min: 18, max: 150 }));
    const unbounded = edit((d) => void delete d.columns.age!.max);
    const later = edit((d) => void (d.columns.signup!.min = '2015-01-01T00:00:00+01:00'));
    expect(summary(diffContracts(BASE, widened))).toEqual([['range_widened', 'age', 'loosened', false]]);
    expect(diffContracts(BASE, widened)[0]!.message).toBe('age: range [0, 120] -> [0, 150]');
    expect(summary(diffContracts(BASE, narrowed))).toEqual([['range_narrowed', 'age', 'tightened', true]]);
    expect(summary(diffContracts(BASE, shifted))).toEqual([['range_shifted', 'age', 'changed', true]]);
    expect(diffContracts(BASE, unbounded)[0]!.message).toBe('age: range [0, 120] -> [0, +inf]');
    // One hour earlier is a wider range, though the text sorts after.
    expect(summary(diffContracts(BASE, later))).toEqual([['range_widened', 'signup', 'loosened', false]]);
  });

  it('reports category values gained and lost', () => {
    const next = edit((d) => void (d.columns.country!.values = ['DE', 'US', 'UK', 'IT']));
    expect(summary(diffContracts(BASE, next))).toEqual([
      ['values_added', 'country', 'loosened', false],
      ['values_removed', 'country', 'tightened', true],
    ]);
    expect(diffContracts(BASE, next).map((c) => c.message)).toEqual(['country: values added: "UK", "IT"', 'country: values removed: "FR"']);
  });

  it('reports nullability, missing share, uniqueness, pattern, mostly, severity and policy changes', () => {
    const next = edit((d) => {
      d.columns.churned!.nullable = true;
      d.columns.income!.missing_max = 0.01;
      d.columns.id!.unique = false;
      d.columns.id!.pattern = 'C[0-9]{7}';
      d.columns.age!.mostly = 1;
      d.columns.age!.severity = 'warn';
      d.columns.country!.on_violation = 'flag';
    });
    expect(summary(diffContracts(BASE, next))).toEqual([
      ['pattern_changed', 'id', 'changed', true],
      ['uniqueness_changed', 'id', 'loosened', false],
      ['mostly_changed', 'age', 'tightened', true],
      ['severity_changed', 'age', 'loosened', false],
      ['missing_share_changed', 'income', 'tightened', true],
      ['policy_changed', 'country', 'loosened', false],
      ['nullability_changed', 'churned', 'loosened', false],
    ]);
    expect(diffContracts(BASE, next).find((c) => c.kind === 'missing_share_changed')!.message).toBe(
      'income: largest missing share 5% -> 1%',
    );
  });

  it('reports dataset rule changes', () => {
    const next = edit((d) => {
      d.dataset.row_count = { min: 500, max: 10_000 };
      d.dataset.duplicate_rows_max = 0.001;
      d.dataset.label = { column: 'churned', min_class_share: 0.1 };
      d.dataset.freshness = { column: 'signup', max_delay: '1d' };
    });
    // 24h and 1d are the same bound: no change.
    expect(summary(diffContracts(BASE, next))).toEqual([
      ['dataset_rule_changed', null, 'changed', true],
      ['dataset_rule_changed', null, 'tightened', true],
      ['dataset_rule_changed', null, 'tightened', true],
    ]);
    expect(diffContracts(BASE, next).map((c) => c.message)).toEqual([
      'row count [1000, +inf] -> [500, 10000]',
      'largest duplicate-row share 1% -> 0.1%',
      'label min_class_share 5% -> 10%',
    ]);
    const dropped = edit((d) => {
      d.dataset = {};
      d.defaults = { severity: 'warn' };
    });
    expect(summary(diffContracts(BASE, dropped)).filter(([, column]) => column === null)).toEqual([
      ['dataset_rule_changed', null, 'loosened', false],
      ['dataset_rule_changed', null, 'loosened', false],
      ['dataset_rule_changed', null, 'loosened', false],
      ['dataset_rule_changed', null, 'loosened', false],
      ['severity_changed', null, 'loosened', false],
    ]);
  });

  it('treats loosening as breaking when the same model keeps running under the new contract', () => {
    const widened = edit((d) => void (d.columns.age!.max = 150));
    expect(diffContracts(BASE, widened, { sameModel: true })[0]!.breaking).toBe(true);
    expect(diffContracts(BASE, widened)[0]!.breaking).toBe(false);
  });

  it('does not compare ranges across an incompatible retype', () => {
    const next = edit((d) => void (d.columns.age = { type: 'string' }));
    expect(summary(diffContracts(BASE, next))).toEqual([
      ['column_retyped', 'age', 'changed', true],
      ['mostly_changed', 'age', 'tightened', true],
    ]);
  });
});
