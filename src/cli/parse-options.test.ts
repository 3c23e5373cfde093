import { describe, expect, it } from 'vitest';
import { collect, commaList, keyValue, metric } from './parse-options.ts';

describe('option parsers', () => {
  it('collects repeated values', () => {
    expect(collect('b', collect('a'))).toEqual(['a', 'b']);
  });
  it('reads key=value with JSON values where they parse', () => {
    expect(keyValue('depth=4', keyValue('name=xgb'))).toEqual({ name: 'xgb', depth: 4 });
    expect(keyValue('eq=a=b')).toEqual({ eq: 'a=b' });
    expect(() => keyValue('novalue')).toThrow(/not key=value/);
  });
  it('reads metrics as numbers only', () => {
    expect(metric('auc=0.82')).toEqual({ auc: 0.82 });
    expect(() => metric('auc=high')).toThrow(/not name=number/);
    expect(() => metric('auc=')).toThrow(/not name=number/);
  });
  it('splits comma lists', () => {
    expect(commaList(' a, b ,,c')).toEqual(['a', 'b', 'c']);
  });
});
