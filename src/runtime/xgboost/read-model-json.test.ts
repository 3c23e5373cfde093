import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFixtureFile, readFixtureModel } from '../../../test/fixtures/xgboost/read-cases.ts';
import { ModelLoadError } from '../model-runtime.ts';
import { readModelJson } from './read-model-json.ts';

const text = (value: string) => new TextEncoder().encode(value);

describe('readModelJson', () => {
  it('parses a model saved as JSON, with or without a byte order mark', () => {
    expect(readModelJson(readFixtureModel('binary_logistic'))).toHaveProperty('learner');
    expect(readModelJson(Uint8Array.from([0xef, 0xbb, 0xbf, ...text(' {"learner": {}}')]))).toEqual({ learner: {} });
  });

  it('refuses UBJSON and says how to save JSON', () => {
    expect(() => readModelJson(readFixtureFile('errors/model.ubj'))).toThrow(
      "XGBoost model is UBJSON (binary), not JSON; save the model as JSON: booster.save_model('model.json')",
    );
  });

  it('refuses the legacy binary format and empty files', () => {
    expect(() => readModelJson(Uint8Array.from([0x62, 0x69, 0x6e, 0x66, 0, 0, 0, 0]))).toThrow(/legacy binary format.*save_model/);
    expect(() => readModelJson(new Uint8Array(0))).toThrow('XGBoost model file is empty');
    expect(() => readModelJson(text('  \n'))).toThrow('XGBoost model file is empty');
  });

  it('reports a file cut anywhere inside as truncated', () => {
    const bytes = readFixtureModel('categorical_binary');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: bytes.length - 2 }), (end) => {
        expect(() => readModelJson(bytes.subarray(0, end))).toThrow(/truncated/);
      }),
      { numRuns: 60 },
    );
  });

  it('reports other broken JSON and JSON that is not a model', () => {
    expect(() => readModelJson(text('{"learner": {},}'))).toThrow(/not valid JSON/);
    expect(() => readModelJson(text('{"a": 1}'))).toThrow(/no "learner" object/);
    expect(() => readModelJson(Uint8Array.from([0x7b, 0x22, 0xff, 0x22, 0x7d]))).toThrow(/not valid UTF-8/);
  });

  it('throws ModelLoadError with one line', () => {
    try {
      readModelJson(text('{"learner": [1, 2'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ModelLoadError);
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
