import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatBoundShare, formatCount, formatShare, formatSignedShare, NONE, plural } from './format-numbers.ts';

describe('format-numbers', () => {
  it('groups counts by thousands, whatever the locale, and rounds fractions', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(-12000)).toBe('-12,000');
    expect(formatCount(1999.6)).toBe('2,000');
    expect(formatCount(Number.NaN)).toBe(NONE);
  });

  it('picks singular or plural, with the count grouped', () => {
    expect(plural(1, 'row')).toBe('1 row');
    expect(plural(0, 'row')).toBe('0 rows');
    expect(plural(2000, 'category', 'categories')).toBe('2,000 categories');
  });

  it('prints shares with the digits they need, negative ones too', () => {
    expect([0, 1, 0.123, 0.05, 0.0125, 0.00012, -0.15, -0.0125].map(formatShare)).toEqual([
      '0%',
      '100%',
      '12.3%',
      '5%',
      '1.25%',
      '0.012%',
      '-15%',
      '-1.25%',
    ]);
    expect(formatShare(null)).toBe(NONE);
  });

  it('prints signed changes with a plus or a true minus', () => {
    expect([0.3, -0.112, 0].map(formatSignedShare)).toEqual(['+30%', '−11.2%', '0%']);
  });

  it('keeps four significant digits for contract bounds', () => {
    expect(formatBoundShare(0.1234)).toBe('12.34%');
    expect(formatBoundShare(0.05)).toBe('5%');
  });
});

describe('one module for counts, shares and plurals', () => {
  it('has no private copy elsewhere in the server or the dashboard', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const files = ['src', 'web/src']
      .flatMap((dir) => readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)))
      .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts') && f !== path.join('src', 'core', 'format-numbers.ts'));
    const copies = files.filter((f) =>
      /function (plural|formatCount|formatPercent|percent|count)\(|toLocaleString\(/.test(readFileSync(path.join(root, f), 'utf8')),
    );
    expect(copies).toEqual([]);
  });
});
