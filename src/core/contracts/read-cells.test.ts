import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMissing, parseNumber } from '../table.ts';
import { isMissingInFile, readBooleanText, readDecimalText } from './read-cells.ts';

describe('isMissingInFile', () => {
  it('agrees with isMissing for any cell', () => {
    const markers = fc.constantFrom('', 'NA', 'N/A', 'NaN', 'nan', 'NULL', 'null', 'None', '<NA>', 'Na', 'n/a', 'NAN', 'Nonex');
    const padded = fc
      .tuple(fc.constantFrom('', ' ', '\t', '\u00a0', '\ufeff'), markers, fc.constantFrom('', ' ', '\n', '\u2028'))
      .map(([a, b, c]) => a + b + c);
    fc.assert(
      fc.property(fc.oneof(padded, fc.string({ maxLength: 6 }), fc.constant(null), fc.integer(), fc.boolean()), (cell) => {
        expect(isMissingInFile(cell)).toBe(isMissing(cell));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('readDecimalText', () => {
  it('gives the double parseNumber gives, or NaN where it gives none', () => {
    const plain = fc
      .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{0,18}$/), fc.constantFrom('', '.'), fc.stringMatching(/^\d{0,18}$/))
      .map((parts) => parts.join(''));
    const noisy = fc.stringMatching(/^[ +\-.0-9eExXbBoO]{1,12}$/);
    fc.assert(
      fc.property(fc.oneof(plain, noisy, fc.double({ noNaN: true }).map(String), fc.string()), (text) => {
        const expected = parseNumber(text);
        const value = readDecimalText(text);
        if (expected === undefined || !Number.isFinite(expected)) expect(value).toBeNaN();
        else expect(Object.is(value, expected)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('rounds plain decimals as Number() does', () => {
    for (const text of [
      '0.1',
      '0.3',
      '40001.67',
      '-125.50',
      '999999999999999',
      '0.000000000000001',
      '123456789.012345',
      '-0',
      '5.',
      '.5',
    ]) {
      expect(Object.is(readDecimalText(text), Number(text))).toBe(true);
    }
    for (const text of ['', '.', '-', '1.2.3', '1e', '0x10', 'Infinity', '1e400', '1 2']) expect(readDecimalText(text)).toBeNaN();
  });
});

describe('readBooleanText', () => {
  it('reads pandas spellings and 1/0', () => {
    for (const text of ['true', 'True', 'TRUE', ' tRuE ', '1']) expect(readBooleanText(text)).toBe(1);
    for (const text of ['false', 'False', 'FALSE', '0', 'false\n']) expect(readBooleanText(text)).toBe(0);
    for (const text of ['yes', 'T', '2', '', 'truth']) expect(readBooleanText(text)).toBeNaN();
  });
});
