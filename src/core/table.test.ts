import { describe, expect, it } from 'vitest';
import { isMissing, parseNumber } from './table.ts';

describe('parseNumber', () => {
  it('reads decimals and exponents', () => {
    expect(parseNumber('12')).toBe(12);
    expect(parseNumber(' -0.5 ')).toBe(-0.5);
    expect(parseNumber('.25')).toBe(0.25);
    expect(parseNumber('1e-3')).toBe(0.001);
    expect(parseNumber(3)).toBe(3);
    expect(parseNumber(true)).toBe(1);
  });
  it.each(['abc', '0x10', 'Infinity', '1,5', '1.2.3', '', '--1'])('refuses %j', (text) => {
    expect(parseNumber(text)).toBeUndefined();
  });
});

describe('isMissing', () => {
  it('treats empty cells, null and pandas missing markers as missing', () => {
    for (const cell of [null, '', ' ', 'NA', 'NaN', 'nan', 'null']) expect(isMissing(cell)).toBe(true);
    for (const cell of ['0', 0, 'x', false]) expect(isMissing(cell)).toBe(false);
  });
});
