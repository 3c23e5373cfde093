import { describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import { ClassColumn, className, ScoreColumn } from './classifier-columns.ts';

describe('className', () => {
  it('names numbers by their value, booleans and texts as written, trimmed', () => {
    expect(['1', '1.0', ' 1 ', '1e0', 1].map(className)).toEqual(['1', '1', '1', '1', '1']);
    expect(className('-0')).toBe('0');
    expect(className(true)).toBe('true');
    expect(className(' cat ')).toBe('cat');
    expect(className('1e400')).toBe('Infinity');
  });
});

describe('ClassColumn', () => {
  it('interns class names in order of first appearance, numbers and texts alike', () => {
    const column = new ClassColumn();
    column.addNumber(1);
    column.addText(' cat');
    column.addNumber(0);
    column.addMissing();
    column.addNumber(1);
    column.addName('1'); // the text "1.0" as the row reader names it: the same class as the number 1
    column.addInfinite('-Inf');
    column.addNumber(-0);
    const read = column.finish();
    expect(read.names).toEqual(['1', 'cat', '0', '-Inf']);
    expect(Array.from(read.codes)).toEqual([0, 1, 2, -1, 0, 0, 3, 2]);
  });

  it('refuses a missing cell when told to, naming the 1-based row', () => {
    const column = new ClassColumn((row) => new BallastError('invalid_argument', `row ${row} has no class`));
    column.addNumber(1);
    expect(() => column.addMissing()).toThrow('row 2 has no class');
  });

  it('keeps every row when reserved room and when growing past it', () => {
    const column = new ClassColumn();
    column.reserve(3000);
    for (let i = 0; i < 5000; i++) column.addNumber(i % 7);
    const read = column.finish();
    expect(read.codes.length).toBe(5000);
    expect(read.names[read.codes[4999]!]).toBe(String(4999 % 7));
  });
});

describe('ScoreColumn', () => {
  const refusing = () => new ScoreColumn((row, cell) => new BallastError('invalid_argument', `row ${row}: ${JSON.stringify(cell)}`));

  it('keeps probabilities in [0, 1], bit for bit', () => {
    const column = refusing();
    for (let i = 0; i < 3000; i++) column.addNumber(i / 2999, undefined);
    const values = column.finish();
    expect(values.length).toBe(3000);
    expect(values[2999]).toBe(1);
    expect(values[1234]).toBe(1234 / 2999);
  });

  it('refuses what is not a probability, with the cell as written where the reader kept it', () => {
    const column = refusing();
    column.addNumber(0.5, undefined);
    expect(() => column.addNumber(1.5, '1.50')).toThrow('row 2: "1.50"');
    expect(() => column.addNumber(-0.25, undefined)).toThrow('row 2: "-0.25"');
    expect(() => column.addNumber(Number.NaN, undefined)).toThrow('row 2: "NaN"');
    expect(() => column.addMissing()).toThrow('row 2: null');
    expect(() => column.addText('high')).toThrow('row 2: "high"');
    expect(() => column.addInfinite('inf')).toThrow('row 2: "inf"');
  });
});
