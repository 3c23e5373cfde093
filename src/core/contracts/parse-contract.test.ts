import { describe, expect, it } from 'vitest';
import { BallastError } from '../errors.ts';
import type { Contract } from './contract-types.ts';
import { contractFormatOf, parseContract, serializeContract } from './parse-contract.ts';
import { FULL_CONTRACT_YAML, INVALID_DOCUMENTS } from './testing/contract-examples.ts';

function problems(text: string, format: 'json' | 'yaml' = 'yaml'): { path: string; message: string }[] {
  try {
    parseContract(text, format, 'test.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(BallastError);
    expect((error as BallastError).code).toBe('invalid_contract');
    expect((error as BallastError).status).toBe(422);
    return (error as BallastError).issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  }
  throw new Error('the contract was accepted');
}

function paths(text: string, format: 'json' | 'yaml' = 'yaml'): string[] {
  return problems(text, format).map((problem) => problem.path);
}

describe('parseContract', () => {
  it('reads the full example in YAML and the same contract in JSON', () => {
    const fromYaml = parseContract(FULL_CONTRACT_YAML, 'yaml', 'full.yaml');
    expect(fromYaml.columns.age).toEqual({ type: 'integer', nullable: false, min: 0, max: 120, severity: 'error' });
    expect(fromYaml.columns.signup).toEqual({ type: 'timestamp', min: '2015-01-01' });
    expect(fromYaml.columns.country!.values).toEqual(['DE', 'FR', 'US', 'no']);
    expect(fromYaml.dataset!.freshness).toEqual({ column: 'signup', max_delay: '24h' });
    const fromJson = parseContract(JSON.stringify(fromYaml), 'json', 'full.json');
    expect(fromJson).toEqual(fromYaml);
  });

  it('returns a frozen contract holding only what the document said', () => {
    const contract = parseContract('format: ballast.contract/v1\ncolumns:\n  x: {type: number}\n', 'yaml', 'a.yaml');
    expect(contract).toEqual({ format: 'ballast.contract/v1', columns: { x: { type: 'number' } } });
    expect(Object.isFrozen(contract.columns.x)).toBe(true);
    // A data column called "constructor" must not find Object.prototype.constructor.
    expect(contract.columns.constructor).toBeUndefined();
  });

  it('reads the sensitive and pii flags of a column and refuses a flag that is not a boolean', () => {
    const contract = parseContract(
      'format: ballast.contract/v1\ncolumns:\n  sex: {type: category, sensitive: true}\n  email: {type: string, pii: true}\n',
      'yaml',
      'a.yaml',
    );
    expect(contract.columns.sex).toEqual({ type: 'category', sensitive: true });
    expect(contract.columns.email).toEqual({ type: 'string', pii: true });
    expect(serializeContract(contract, 'yaml')).toContain('sensitive: true');
    expect(paths('format: ballast.contract/v1\ncolumns:\n  sex: {type: category, sensitive: "yes"}\n')).toEqual(['columns.sex.sensitive']);
  });

  it("reads a column's display label and unit (for plain-language reasons) and keeps them when written out", () => {
    const contract = parseContract(
      'format: ballast.contract/v1\ncolumns:\n  dti: {type: number, unit: "%", label: debt-to-income ratio}\n',
      'yaml',
      'a.yaml',
    );
    expect(contract.columns.dti).toEqual({ type: 'number', label: 'debt-to-income ratio', unit: '%' });
    expect(serializeContract(contract, 'yaml')).toContain('label: debt-to-income ratio\n    unit: "%"');
    expect(paths('format: ballast.contract/v1\ncolumns:\n  dti: {type: number, label: 3, unit: [a]}\n').sort()).toEqual([
      'columns.dti.label',
      'columns.dti.unit',
    ]);
  });

  it.each(INVALID_DOCUMENTS)('refuses $name with the path of each problem', ({ document, paths: expected }) => {
    expect(paths(JSON.stringify(document), 'json').sort()).toEqual([...expected].sort());
  });

  it('lists every problem at once, at every level', () => {
    const text = [
      'format: ballast.contract/v2',
      'colour: blue',
      'defaults: {severity: fatal, retry: 3}',
      'columns:',
      '  age: {type: int, min: 10, max: 5, mostly: 1.5, maxx: 3}',
      '  name: {type: string, pattern: "([a-z"}',
      '  score: {type: number, values: [1, 2], pattern: "x"}',
      'dataset:',
      '  row_count: {min: -1, maximum: 10}',
      '  label: {column: nope}',
      '  freshness: {column: score, max_delay: soon}',
    ].join('\n');
    expect(paths(text).sort()).toEqual(
      [
        'format',
        'colour',
        'defaults.severity',
        'defaults.retry',
        'columns.age.type',
        'columns.age.mostly',
        'columns.age.maxx',
        'columns.name.pattern',
        'columns.score.values',
        'columns.score.pattern',
        'dataset.row_count.min',
        'dataset.row_count.maximum',
        'dataset.label.column',
        'dataset.freshness.column',
        'dataset.freshness.max_delay',
      ].sort(),
    );
  });

  it('explains problems in words a person can act on', () => {
    const found = problems(
      'format: ballast.contract/v1\ncolumns:\n  age: {type: float, nullabel: true}\n  n: {type: integer, min: 10, max: 5}\n',
    );
    expect(found).toContainEqual({ path: 'columns.age.type', message: expect.stringContaining('did you mean number?') });
    expect(found).toContainEqual({ path: 'columns.age.nullabel', message: 'unknown key; did you mean nullable?' });
    expect(found).toContainEqual({ path: 'columns.n.min', message: '(10) is greater than max (5)' });
  });

  it('puts the problems in the message too, naming the source', () => {
    expect(() => parseContract('format: ballast.contract/v1\ncolumns: {a: {type: number, min: x}}', 'yaml', 'c.yaml')).toThrow(
      /^c\.yaml is not a valid contract: columns\.a\.min: must be a finite number/,
    );
  });

  it('compares timestamp bounds as instants, not as text', () => {
    const ok =
      'format: ballast.contract/v1\ncolumns:\n  t: {type: timestamp, min: "2024-01-01T10:00:00+02:00", max: "2024-01-01T09:00:00Z"}\n';
    expect(parseContract(ok, 'yaml', 'ok.yaml').columns.t!.min).toBe('2024-01-01T10:00:00+02:00');
    expect(paths(ok.replace('+02:00', '-02:00'))).toEqual(['columns.t.min']);
    expect(paths(ok.replace('"2024-01-01T09:00:00Z"', '1704099600000'))).toEqual(['columns.t.max']);
  });

  it('refuses nullable: false together with a missing share', () => {
    expect(paths('format: ballast.contract/v1\ncolumns: {a: {type: number, nullable: false, missing_max: 0.1}}')).toEqual([
      'columns.a.missing_max',
    ]);
    expect(
      parseContract('format: ballast.contract/v1\ncolumns: {a: {type: number, nullable: false, missing_max: 0}}', 'yaml', 'ok').columns.a!
        .missing_max,
    ).toBe(0);
  });

  it('reports unreadable text as one problem without a path', () => {
    expect(problems('{"format": ', 'json')).toEqual([{ path: '', message: expect.stringMatching(/^is not valid JSON/) }]);
    expect(problems('a: 1\na: 2\n')[0]!.message).toMatch(/Map keys must be unique at line 2/);
    expect(problems('x: !!js/function "f"\n')[0]!.message).toMatch(/Unresolved tag/);
    expect(problems('')).toEqual([{ path: '', message: 'the contract must be a mapping of keys to values (got null)' }]);
    expect(problems('[1, 2]', 'json')).toEqual([{ path: '', message: 'the contract must be a mapping of keys to values (got a list)' }]);
  });

  it('reads YAML as 1.2: yes, no and bare dates stay text, .inf is not a number', () => {
    const contract = parseContract(
      'format: ballast.contract/v1\ncolumns:\n  c: {type: category, values: [yes, no]}\n  t: {type: timestamp, min: 2024-01-01}\n',
      'yaml',
      'y.yaml',
    );
    expect(contract.columns.c!.values).toEqual(['yes', 'no']);
    expect(contract.columns.t!.min).toBe('2024-01-01');
    expect(paths('format: ballast.contract/v1\ncolumns: {x: {type: number, max: .inf}}')).toEqual(['columns.x.max']);
  });

  it('refuses keys that would reach Object.prototype', () => {
    expect(paths('{"format": "ballast.contract/v1", "columns": {"__proto__": {"type": "number"}}}', 'json')).toEqual(['columns.__proto__']);
    expect(paths('format: ballast.contract/v1\n__proto__: {x: 1}\ncolumns: {a: {type: number}}')).toEqual(['__proto__']);
  });

  it('reads and drops $schema, which points an editor at the format schema', () => {
    const contract = parseContract(
      '{"$schema": "./contract.schema.json", "format": "ballast.contract/v1", "columns": {"a": {"type": "number"}}}',
      'json',
      'c.json',
    );
    expect(contract).toEqual({ format: 'ballast.contract/v1', columns: { a: { type: 'number' } } });
    expect(paths('{"$schema": 3, "format": "ballast.contract/v1", "columns": {"a": {"type": "number"}}}', 'json')).toEqual(['$schema']);
  });

  it('picks the reader from the file name', () => {
    expect(contractFormatOf('c.json')).toBe('json');
    expect(contractFormatOf('c.JSON')).toBe('json');
    expect(contractFormatOf('c.yaml')).toBe('yaml');
    expect(contractFormatOf('c.yml')).toBe('yaml');
  });
});

describe('serializeContract', () => {
  const contract = parseContract(FULL_CONTRACT_YAML, 'yaml', 'full.yaml');

  it.each(['json', 'yaml'] as const)('round-trips through %s', (format) => {
    expect(parseContract(serializeContract(contract, format), format, 'again')).toEqual(contract);
  });

  it('writes keys in the documented order whatever order they came in', () => {
    const shuffled: Contract = {
      dataset: { allow_extra_columns: false, row_count: { max: 9, min: 1 } },
      columns: { b: { max: 2, type: 'number', min: 1 }, a: { values: ['x'], type: 'category' } },
      format: 'ballast.contract/v1',
    };
    const json = serializeContract(shuffled, 'json');
    expect(json).toBe(
      `${JSON.stringify(
        {
          format: 'ballast.contract/v1',
          columns: { b: { type: 'number', min: 1, max: 2 }, a: { type: 'category', values: ['x'] } },
          dataset: { row_count: { min: 1, max: 9 }, allow_extra_columns: false },
        },
        null,
        2,
      )}\n`,
    );
    expect(serializeContract(JSON.parse(json) as Contract, 'yaml')).toBe(serializeContract(shuffled, 'yaml'));
  });

  it('quotes YAML text that a YAML 1.1 reader would take for a boolean or a date', () => {
    const yaml = serializeContract(
      {
        format: 'ballast.contract/v1',
        columns: { c: { type: 'category', values: ['yes', 'a,b', '2024-01-01', 'plain', '0o17', 'On', '1_000'] } },
      },
      'yaml',
    );
    expect(yaml).toContain('values: ["yes", "a,b", "2024-01-01", plain, "0o17", "On", "1_000"]');
  });
});
