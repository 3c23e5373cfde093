import { describe, expect, it } from 'vitest';
import type { BallastError } from './errors.ts';
import { detectModelFormat, parseModelFormat } from './detect-model-format.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return (error as BallastError).code;
  }
  return undefined;
}

describe('detectModelFormat', () => {
  it('recognises XGBoost JSON, LightGBM text and ONNX', () => {
    expect(detectModelFormat(bytes('  {"learner": {"attributes": {}}}'), 'm.json')).toBe('xgboost');
    expect(detectModelFormat(bytes('tree\nversion=v4\nnum_class=1\n'), 'm.txt')).toBe('lightgbm');
    expect(detectModelFormat(new Uint8Array([0x08, 0x08, 0x12, 0x07]), 'm.onnx')).toBe('onnx');
  });
  it.each([
    ['protocol 4 pickle', new Uint8Array([0x80, 0x04, 0x95, 0x10]), 'model.bin'],
    ['protocol 0 pickle', bytes("(dp0\nS'a'"), 'model.bin'],
    ['joblib zlib', new Uint8Array([0x78, 0x9c, 0x01]), 'model.bin'],
    ['gzip', new Uint8Array([0x1f, 0x8b, 0x08]), 'model.bin'],
    ['zip', bytes('PK\u0003\u0004rest'), 'model.bin'],
    ['a .joblib name', bytes('tree\nversion=v4\n'), 'model.joblib'],
    ['a .pkl name', bytes('{"learner":{}}'), 'model.pkl'],
  ])('refuses a %s as unsafe and names the formats it loads', (_what, head, name) => {
    expect(codeOf(() => detectModelFormat(head, name))).toBe('unsafe_format');
    expect(() => detectModelFormat(head, name)).toThrow(/ONNX \(\.onnx\), XGBoost JSON \(\.json\) and LightGBM text/);
  });
  it('refuses unknown bytes, non-model JSON and UBJSON with unsupported_format', () => {
    expect(codeOf(() => detectModelFormat(bytes('hello'), 'm.bin'))).toBe('unsupported_format');
    expect(codeOf(() => detectModelFormat(bytes('{"a": 1}'), 'm.json'))).toBe('unsupported_format');
    expect(() => detectModelFormat(new Uint8Array([0x7b, 0x4c, 0, 0]), 'm.ubj')).toThrow(/save_model\("model.json"\)/);
  });
});

describe('parseModelFormat', () => {
  it('accepts known formats in any case and refuses others', () => {
    expect(parseModelFormat('ONNX')).toBe('onnx');
    expect(() => parseModelFormat('pickle')).toThrow('unknown format "pickle"; use one of onnx, xgboost, lightgbm');
  });
});
