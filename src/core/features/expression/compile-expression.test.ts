import { describe, expect, it } from 'vitest';
import type { Cell } from '../../table.ts';
import { compileExpression } from './compile-expression.ts';

function run(text: string, row: Record<string, Cell> = {}) {
  return compileExpression(text).evaluate((name) => row[name]);
}

describe('compileExpression', () => {
  it('computes arithmetic with the usual precedence, reading numbers out of CSV text', () => {
    expect(run('1 + 2 * 3 - 4 / 2')).toBe(5);
    expect(run('(1 + 2) * 3 % 4')).toBe(1);
    expect(run('-x + 1', { x: '2.5' })).toBe(-1.5);
    expect(run('spend / n', { spend: '30', n: 4 })).toBe(7.5);
  });

  it('propagates missing values and turns impossible arithmetic into missing', () => {
    expect(run('x + 1', { x: '' })).toBeNull();
    expect(run('x + 1', { x: 'NA' })).toBeNull();
    expect(run('x + 1')).toBeNull();
    expect(run('1 / 0')).toBeNull();
    expect(run('log(0)')).toBeNull();
    expect(run('sqrt(-1)')).toBeNull();
    expect(run('x * 2', { x: 'abc' })).toBeNull();
  });

  it('uses three-valued logic for and, or and not, and compares numbers as numbers', () => {
    expect(run('x > 9', { x: '10' })).toBe(true); // as text "10" < "9"
    expect(run('a == "gold"', { a: 'gold' })).toBe(true);
    expect(run('a != "gold"', { a: 3 })).toBe(true);
    expect(run('x > 1 and y > 1', { x: 0 })).toBe(false);
    expect(run('x > 1 or y > 1', { x: 2 })).toBe(true);
    expect(run('x > 1 or y > 1', { x: 0 })).toBeNull();
    expect(run('not (x > 1)', { x: 0 })).toBe(true);
    expect(run('not y')).toBeNull();
  });

  it('has coalesce, if, is_missing, clip, round, log, bucket and the other functions', () => {
    expect(run('coalesce(x, y, 0)', { y: 3 })).toBe(3);
    expect(run('if(x > 0, "pos", "non-pos")', { x: -1 })).toBe('non-pos');
    expect(run('if(x > 0, 1, 2)')).toBe(2); // a missing condition takes the else branch
    expect(run('is_missing(x)', { x: '' })).toBe(true);
    expect(run('clip(x, 0, 1)', { x: 7 })).toBe(1);
    expect(run('round(2.5) + round(-2.5) + round(1.25, 1)')).toBeCloseTo(1.3, 12); // half away from zero
    expect(run('log(100, 10)')).toBeCloseTo(2, 12);
    expect(run('log1p(0) + exp(0) + abs(-2) + floor(1.7) + ceil(1.2) + min(3, 1, 2) + max(1, 5) + pow(2, 3)')).toBe(20);
    expect([-5, 0, 9.99, 10, 50, 100].map((x) => run('bucket(x, [0, 10, 100])', { x }))).toEqual([0, 1, 1, 2, 2, 3]);
    expect(run('bucket(x, [-1, 1])', { x: 0 })).toBe(1);
  });

  it('lists the columns it reads once each, and reads quoted names', () => {
    const e = compileExpression('coalesce(`spend 7d`, spend) / (n + spend)');
    expect(e.columns).toEqual(['spend 7d', 'spend', 'n']);
    expect(e.evaluate((name) => ({ 'spend 7d': 6, n: 1, spend: 2 })[name])).toBe(2);
  });

  it('rejects what is not in the language, naming the position', () => {
    const cases: [string, RegExp][] = [
      ['1 +', /at 4: expected a value/],
      ['system("rm -rf /")', /no function "system"/],
      ['clip(x, 1)', /clip takes 3 arguments, not 2/],
      ['bucket(x, [3, 1])', /must rise/],
      ['bucket(x, [a])', /must be numbers/],
      ['x; y', /unexpected character ";"/],
      ["'open", /never closed/],
      ['(x', /expected "\)"/],
      ['x y', /unexpected "y"/],
      ['and x', /needs a value before it/],
      ['('.repeat(60) + 'x' + ')'.repeat(60), /nests deeper/],
      ['x'.repeat(2001), /longer than/],
    ];
    for (const [text, message] of cases) {
      expect(() => compileExpression(text), text).toThrow(message);
      try {
        compileExpression(text);
      } catch (error) {
        expect((error as { code: string }).code).toBe('invalid_argument');
      }
    }
  });
});
