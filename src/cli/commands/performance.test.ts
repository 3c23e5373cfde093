import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { scoreColumns } from './performance.ts';

describe('--score', () => {
  it('is one column for a binary model', () => {
    expect(scoreColumns('p_yes')).toBe('p_yes');
  });

  it('is CLASS=COLUMN pairs for a multiclass model, in the order given', () => {
    expect(scoreColumns('b=p_b, a=p_a,c=p_c')).toEqual([
      ['b', 'p_b'],
      ['a', 'p_a'],
      ['c', 'p_c'],
    ]);
  });

  it('refuses a class given twice, a malformed pair, or several bare columns', () => {
    expect(() => scoreColumns('a=x,a=y')).toThrow(InvalidArgumentError);
    expect(() => scoreColumns('a=x,=y')).toThrow(/expected CLASS=COLUMN/);
    expect(() => scoreColumns('x,y')).toThrow(/one column, or CLASS=COLUMN pairs/);
  });
});
