import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endsInsideUtf8Sequence, isUtf8Prefix } from './csv-columns-utf8.ts';

/** What a streaming fatal TextDecoder (the WHATWG rules) says of the bytes: invalid, cut inside a character, or fine. */
function decoderVerdict(bytes: Uint8Array): 'invalid' | 'cut' | 'valid' {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    decoder.decode(bytes, { stream: true });
  } catch {
    return 'invalid';
  }
  try {
    decoder.decode();
  } catch {
    return 'cut';
  }
  return 'valid';
}

const bytesNearUtf8 = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(0x41, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5),
    ),
    {
      maxLength: 8,
    },
  )
  .map((a) => Uint8Array.from(a));

describe('strict UTF-8 on bytes', () => {
  it('accepts and refuses exactly what a fatal TextDecoder does, and knows a cut-off tail', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          bytesNearUtf8,
          fc.string({ unit: 'binary' }).map((s) => new TextEncoder().encode(s)),
        ),
        (bytes) => {
          const verdict = decoderVerdict(bytes);
          expect(isUtf8Prefix(bytes, 0, bytes.length)).toBe(verdict !== 'invalid');
          if (verdict !== 'invalid') expect(endsInsideUtf8Sequence(bytes, 0, bytes.length)).toBe(verdict === 'cut');
        },
      ),
      { numRuns: 5000 },
    );
  });
});
