import { describe, expect, it } from 'vitest';
import { ModelLoadError } from '../model-runtime.ts';
import {
  parseFiniteNumber,
  parseInteger,
  parseThreshold,
  parseIntegerList,
  parseNumberList,
  readKeyValues,
  requireField,
  splitTokens,
} from './text-fields.ts';

describe('parseFiniteNumber', () => {
  it('reads what LightGBM writes with %.17g, exactly', () => {
    expect(parseFiniteNumber('-0.29195767151731172', 'x')).toBe(-0.29195767151731172);
    expect(parseFiniteNumber('1.0000000180025095e-35', 'x')).toBe(1.0000000180025095e-35);
    expect(parseFiniteNumber('12', 'x')).toBe(12);
    expect(parseFiniteNumber('.5', 'x')).toBe(0.5);
    expect(parseFiniteNumber('+3E+2', 'x')).toBe(300);
  });

  it.each(['', ' ', '0x10', '1.5abc', 'nan', 'inf', '-inf', '1e999', '1,5', '--1'])('refuses %j, naming the field', (token) => {
    expect(() => parseFiniteNumber(token, 'Tree=3 threshold[2]')).toThrow(ModelLoadError);
    expect(() => parseFiniteNumber(token, 'Tree=3 threshold[2]')).toThrow(
      /^LightGBM model: Tree=3 threshold\[2\] is '.*', expected a finite number$/,
    );
  });
});

describe('parseThreshold', () => {
  it('also reads the infinities LightGBM writes for splits on missingness', () => {
    expect(parseThreshold('inf', 'x')).toBe(Infinity);
    expect(parseThreshold('-inf', 'x')).toBe(-Infinity);
    expect(parseThreshold('0.25', 'x')).toBe(0.25);
    expect(() => parseThreshold('nan', 'threshold[0]')).toThrow(/threshold\[0\] is 'nan'/);
  });
});

describe('parseInteger', () => {
  it('reads integers within bounds', () => {
    expect(parseInteger('-3', 'x', -5, 5)).toBe(-3);
    expect(parseInteger('+5', 'x', -5, 5)).toBe(5);
  });

  it('refuses fractions, garbage and values out of range', () => {
    expect(() => parseInteger('1.0', 'num_leaves', 1, 10)).toThrow(/num_leaves is '1.0', expected an integer/);
    expect(() => parseInteger('11', 'num_leaves', 1, 10)).toThrow(/num_leaves is 11, expected an integer from 1 to 10/);
    expect(() => parseInteger('99999999999999999999', 'x', 0, 10)).toThrow(ModelLoadError);
  });
});

describe('lists', () => {
  it('split on any run of spaces, ignoring padding', () => {
    expect(splitTokens('  1  2 3 ')).toEqual(['1', '2', '3']);
    expect(splitTokens('   ')).toEqual([]);
    expect([...parseNumberList('0.5 -1', 2, 'leaf_value')]).toEqual([0.5, -1]);
    expect([...parseIntegerList('-1 2', 2, 'left_child', -2, 2)]).toEqual([-1, 2]);
  });

  it('refuse a list of the wrong length, suggesting truncation', () => {
    expect(() => parseNumberList('0.5 -1', 3, 'Tree=0 leaf_value')).toThrow(
      /Tree=0 leaf_value has 2 values, expected 3 \(is the file truncated or edited\?\)/,
    );
    expect(() => parseIntegerList('', 1, 'split_feature', 0, 3)).toThrow(/has 0 values, expected 1/);
  });

  it('name the bad element', () => {
    expect(() => parseNumberList('0.5 x', 2, 'leaf_value')).toThrow(/leaf_value\[1\] is 'x'/);
  });
});

describe('readKeyValues', () => {
  it('reads key=value lines and bare flags', () => {
    const fields = readKeyValues(['a=1', 'average_output', 'b=x=y', 'c='], 'the header');
    expect([...fields]).toEqual([
      ['a', '1'],
      ['average_output', ''],
      ['b', 'x=y'],
      ['c', ''],
    ]);
  });

  it('refuses a field given twice and names a missing one', () => {
    expect(() => readKeyValues(['a=1', 'a=2'], 'Tree=1')).toThrow(/Tree=1 has the field 'a' twice/);
    expect(() => requireField(new Map(), 'leaf_value', 'Tree=1')).toThrow(/Tree=1 is missing the field 'leaf_value'/);
  });
});
