import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BallastError } from './errors.ts';
import { assertValidName, formatModelRef, parseModelRef } from './model-ref.ts';

describe('parseModelRef', () => {
  it('reads a bare name as the latest version', () => {
    expect(parseModelRef('fraud')).toEqual({ name: 'fraud', kind: 'latest' });
  });
  it('reads an alias and a version', () => {
    expect(parseModelRef('fraud@champion')).toEqual({ name: 'fraud', kind: 'alias', alias: 'champion' });
    expect(parseModelRef('credit-risk.v2:12')).toEqual({ name: 'credit-risk.v2', kind: 'version', version: 12 });
  });
  it.each(['', '@x', 'a@', 'a:', 'a:0', 'a:-1', 'a:1.5', 'a@b:1', 'a@1', '../etc', 'a b', 'a/b', 'a:01'])(
    'refuses %j with invalid_model_ref',
    (text) => {
      expect(() => parseModelRef(text)).toThrowError(BallastError);
      try {
        parseModelRef(text);
      } catch (error) {
        expect((error as BallastError).code).toBe('invalid_model_ref');
        expect((error as BallastError).message).toContain('NAME@alias');
      }
    },
  );
  it('round-trips through formatModelRef', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/);
    const ref = fc.oneof(
      name.map((n) => ({ name: n, kind: 'latest' as const })),
      fc
        .tuple(
          name,
          name.filter((a) => !/^\d+$/.test(a)),
        )
        .map(([n, alias]) => ({ name: n, kind: 'alias' as const, alias })),
      fc.tuple(name, fc.integer({ min: 1, max: 99_999 })).map(([n, version]) => ({ name: n, kind: 'version' as const, version })),
    );
    fc.assert(
      fc.property(ref, (r) => {
        expect(parseModelRef(formatModelRef(r))).toEqual(r);
      }),
    );
  });
});

describe('assertValidName', () => {
  it('refuses a numeric alias and names with path characters', () => {
    expect(() => assertValidName('42', 'alias')).toThrow(/bare number/);
    expect(() => assertValidName('../x', 'model name')).toThrow(/not valid/);
    expect(assertValidName('champion', 'alias')).toBe('champion');
  });
});
