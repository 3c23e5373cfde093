import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BallastError } from '../errors.ts';
import { parseNumber } from '../table.ts';
import { compileColumnCheck, compileColumnChecks, emptyParsedCell, type CellSource } from './compile-column-checks.ts';
import { CONTRACT_FORMAT, type ColumnRule } from './contract-types.ts';

function classifier(rule: ColumnRule, source: CellSource = 'file') {
  const check = compileColumnCheck('col', rule, undefined, source);
  const parsed = emptyParsedCell();
  return (cell: unknown) => {
    const status = check.classify(cell, parsed);
    const value = check.parsesTo === 'number' ? parsed.number : parsed.text;
    return status === 'ok' || status === 'out_of_range' || status === 'unknown_category' || status === 'pattern_mismatch'
      ? [status, value]
      : [status];
  };
}

describe('number and integer columns', () => {
  it('read CSV text and JSON numbers alike from files', () => {
    const check = classifier({ type: 'number', min: 0, max: 10 });
    expect(check('2.5')).toEqual(['ok', 2.5]);
    expect(check(' 3 ')).toEqual(['ok', 3]);
    expect(check(4)).toEqual(['ok', 4]);
    expect(check('1e1')).toEqual(['ok', 10]);
    expect(check('11')).toEqual(['out_of_range', 11]);
    expect(check(-1)).toEqual(['out_of_range', -1]);
    for (const text of ['abc', '0x10', 'Infinity', '1,5', true]) expect(check(text)).toEqual(['type_mismatch']);
    for (const cell of ['', ' ', 'NA', 'NaN', 'null', 'None', '<NA>', 'N/A', null, undefined]) expect(check(cell)).toEqual(['missing']);
  });

  it('take only JSON numbers and null from requests', () => {
    const check = classifier({ type: 'number' }, 'request');
    expect(check(2.5)).toEqual(['ok', 2.5]);
    expect(check('2.5')).toEqual(['type_mismatch']);
    expect(check('NA')).toEqual(['type_mismatch']);
    expect(check(true)).toEqual(['type_mismatch']);
    expect(check({})).toEqual(['type_mismatch']);
    expect(check(null)).toEqual(['missing']);
  });

  it('require whole numbers for integers, accepting the "12.0" pandas writes', () => {
    const file = classifier({ type: 'integer', min: 1 });
    expect(file('12.0')).toEqual(['ok', 12]);
    expect(file('12.5')).toEqual(['type_mismatch']);
    expect(file('0')).toEqual(['out_of_range', 0]);
    const request = classifier({ type: 'integer' }, 'request');
    expect(request(12)).toEqual(['ok', 12]);
    expect(request(12.5)).toEqual(['type_mismatch']);
  });

  it('read decimal text exactly as parseNumber does', () => {
    const check = classifier({ type: 'number' });
    const decimalish = fc.stringMatching(/^[ +\-.0-9eExXbBoO]{1,12}$/);
    fc.assert(
      fc.property(fc.oneof(decimalish, fc.double({ noNaN: true }).map(String), fc.string()), (text) => {
        const expected = parseNumber(text);
        const [status, value] = check(text);
        if (status === 'missing') return;
        if (expected === undefined || !Number.isFinite(expected)) expect(status).toBe('type_mismatch');
        else expect([status, value]).toEqual(['ok', expected]);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('boolean columns', () => {
  it('read pandas spellings and 1/0 from files, only JSON booleans from requests', () => {
    const file = classifier({ type: 'boolean' });
    for (const cell of ['true', 'True', 'TRUE', ' true', '1', true, 1]) expect(file(cell)).toEqual(['ok', 1]);
    for (const cell of ['false', 'False', 'FALSE', '0', false, 0]) expect(file(cell)).toEqual(['ok', 0]);
    for (const cell of ['yes', 'T', 2, '2']) expect(file(cell)).toEqual(['type_mismatch']);
    const request = classifier({ type: 'boolean' }, 'request');
    expect(request(true)).toEqual(['ok', 1]);
    expect(request('true')).toEqual(['type_mismatch']);
    expect(request(1)).toEqual(['type_mismatch']);
  });
});

describe('timestamp columns', () => {
  it('read ISO-8601 text and compare it with ISO bounds', () => {
    const check = classifier({ type: 'timestamp', min: '2024-01-01', max: '2024-12-31T23:59:59Z' });
    expect(check('2024-06-01 12:00:00')).toEqual(['ok', Date.UTC(2024, 5, 1, 12)]);
    expect(check('2025-01-01')).toEqual(['out_of_range', Date.UTC(2025, 0, 1)]);
    expect(check('2024-02-30')).toEqual(['type_mismatch']);
    // Epoch numbers are refused: seconds or milliseconds cannot be told apart.
    expect(check(1_700_000_000)).toEqual(['type_mismatch']);
    expect(check('1700000000')).toEqual(['type_mismatch']);
  });
});

describe('category and string columns', () => {
  it('compare categories by their text, so codes sent as numbers match', () => {
    const check = classifier({ type: 'category', values: ['a', 'b', 1] });
    expect(check('a')).toEqual(['ok', 'a']);
    expect(check('1')).toEqual(['ok', '1']);
    expect(check(1)).toEqual(['ok', '1']);
    expect(check('c')).toEqual(['unknown_category', 'c']);
    expect(check('A')).toEqual(['unknown_category', 'A']);
    expect(check('NA')).toEqual(['missing']);
    expect(classifier({ type: 'category', values: ['a'] }, 'request')(2)).toEqual(['unknown_category', '2']);
  });

  it('match the whole value against the pattern', () => {
    const check = classifier({ type: 'string', pattern: '\\d{5}|none' });
    expect(check('12345')).toEqual(['ok', '12345']);
    expect(check('none')).toEqual(['ok', 'none']);
    expect(check('123456')).toEqual(['pattern_mismatch', '123456']);
    expect(check('x12345')).toEqual(['pattern_mismatch', 'x12345']);
    expect(check('nonex')).toEqual(['pattern_mismatch', 'nonex']);
  });

  it('take only JSON strings for string columns in requests', () => {
    const check = classifier({ type: 'string' }, 'request');
    expect(check('')).toEqual(['ok', '']);
    expect(check(12)).toEqual(['type_mismatch']);
    expect(classifier({ type: 'string' })(12)).toEqual(['ok', '12']);
  });

  it('report an unknown category before a pattern mismatch', () => {
    const check = classifier({ type: 'category', values: ['ab'], pattern: 'a.' });
    expect(check('zz')[0]).toBe('unknown_category');
  });
});

describe('compileColumnChecks', () => {
  it('resolves defaults from the rule, then the contract, then error/reject', () => {
    const checks = compileColumnChecks(
      {
        format: CONTRACT_FORMAT,
        defaults: { severity: 'warn' },
        columns: {
          a: { type: 'number' },
          b: { type: 'number', severity: 'error', on_violation: 'flag', nullable: false, mostly: 0.9, missing_max: 0.1, unique: true },
        },
      },
      'file',
    );
    expect(checks.map((c) => [c.column, c.severity, c.policy, c.nullable, c.mostly, c.missingMax, c.unique])).toEqual([
      ['a', 'warn', 'reject', true, 1, undefined, false],
      ['b', 'error', 'flag', false, 0.9, 0.1, true],
    ]);
  });

  it('explains what a failing value should have been', () => {
    const check = compileColumnCheck('age', { type: 'integer', min: 18, max: 100 }, undefined, 'file');
    expect(check.expectation('out_of_range')).toBe('between 18 and 100');
    expect(check.expectation('type_mismatch')).toBe('a whole number');
    expect(compileColumnCheck('x', { type: 'number', max: 1 }, undefined, 'file').expectation('out_of_range')).toBe('at most 1');
    expect(compileColumnCheck('s', { type: 'category', values: ['a', 'b'] }, undefined, 'file').expectation('unknown_category')).toBe(
      'one of "a", "b"',
    );
  });

  it.each<[ColumnRule, string]>([
    [{ type: 'number', min: 5, max: 1 }, 'columns.col.min'],
    [{ type: 'timestamp', min: 'last week' }, 'columns.col.min'],
    [{ type: 'timestamp', max: 1_700_000_000 }, 'columns.col.max'],
    [{ type: 'category', min: 1 }, 'columns.col.min'],
    [{ type: 'number', values: [1, 2] }, 'columns.col.values'],
    [{ type: 'integer', pattern: '\\d+' }, 'columns.col.pattern'],
    [{ type: 'string', pattern: '(' }, 'columns.col.pattern'],
  ])('refuses a rule it cannot compile: %j', (rule, path) => {
    const compile = () => compileColumnCheck('col', rule, undefined, 'file');
    expect(compile).toThrow(BallastError);
    expect(compile).toThrow(path);
  });
});
