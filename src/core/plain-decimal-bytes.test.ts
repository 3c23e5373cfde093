import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDecimalText } from './contracts/read-cells.ts';
import { readPlainDecimal } from './plain-decimal-bytes.ts';

const encode = (text: string) => new TextEncoder().encode(text);

const decimal = fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 18 }), fc.boolean()).map(([n, shift, signed]) => {
  const text = (n / 10 ** shift).toFixed(Math.min(shift, 20));
  return signed && n > 0 ? `+${text}` : text;
});

describe('readPlainDecimal', () => {
  it('agrees with readDecimalText wherever it answers, and answers for every plain decimal of up to 15 digits', () => {
    fc.assert(
      fc.property(fc.oneof(decimal, fc.stringMatching(/^[+-]?[0-9.]{0,17}$/)), (text) => {
        const bytes = encode(text);
        const value = readPlainDecimal(bytes, 0, bytes.length);
        const digits = text.replace(/[^0-9]/g, '').length;
        const plain = /^[+-]?[0-9]*\.?[0-9]*$/.test(text) && digits >= 1 && digits <= 15;
        expect(Number.isNaN(value)).toBe(!plain);
        if (plain) expect(value).toBe(readDecimalText(text));
      }),
      { numRuns: 3000 },
    );
  });
});
