import { describe, expect, it } from 'vitest';
import { readFixtureModelJson } from '../../../test/fixtures/xgboost/read-cases.ts';
import { parseCategoryNames } from './parse-category-names.ts';

const PATH = 'learner.gradient_booster.model.cats';

/** The `enc` entry XGBoost writes for string categories: int8 bytes cut by offsets. */
function stringEntry(names: readonly string[]): { offsets: number[]; values: number[] } {
  const offsets = [0];
  const values: number[] = [];
  for (const name of names) {
    for (const byte of new TextEncoder().encode(name)) values.push(byte > 127 ? byte - 256 : byte);
    offsets.push(values.length);
  }
  return { offsets, values };
}

const numericFeature = { offsets: [], values: [] };

describe('parseCategoryNames', () => {
  it('reads the names of the fixture model trained on pandas categories', () => {
    const model = readFixtureModelJson('categorical_binary') as {
      learner: { gradient_booster: { model: { cats: Record<string, unknown> } } };
    };
    const names = parseCategoryNames(model.learner.gradient_booster.model.cats, PATH, 5, [3, 2, 0]);
    expect(names).toEqual([undefined, ['amber', 'blue', 'cyan', 'green', 'magenta', 'red'], undefined, ['3', '7', '11', '20'], undefined]);
  });

  it('gives nothing when the model stores no categories', () => {
    expect(parseCategoryNames(undefined, PATH, 2, [3, 2, 0])).toEqual([undefined, undefined]);
    expect(parseCategoryNames({ enc: [], feature_segments: [], sorted_idx: [] }, PATH, 2, [3, 2, 0])).toEqual([undefined, undefined]);
  });

  it('decodes UTF-8 names written by XGBoost 3.4 and later', () => {
    const cats = { enc: [numericFeature, stringEntry(['grün', '日本', 'red'])] };
    expect(parseCategoryNames(cats, PATH, 2, [3, 4, 0])[1]).toEqual(['grün', '日本', 'red']);
  });

  it('drops non-ASCII names from earlier writers, which cut them short', () => {
    // XGBoost 3.2 wrote "blue", "grün" with character offsets [0, 4, 8] over 8 of the 9 bytes.
    const bytes = stringEntry(['blue', 'grün']).values.slice(0, 8);
    const cats = { enc: [{ offsets: [0, 4, 8], values: bytes }] };
    expect(parseCategoryNames(cats, PATH, 1, [3, 2, 0])).toEqual([undefined]);
    expect(parseCategoryNames({ enc: [stringEntry(['blue', 'red'])] }, PATH, 1, [3, 2, 0])).toEqual([['blue', 'red']]);
  });

  it('names numeric categories by their decimal text', () => {
    expect(parseCategoryNames({ enc: [{ type: 15, values: [3, 7.5, -1] }] }, PATH, 1, [3, 2, 0])).toEqual([['3', '7.5', '-1']]);
  });

  it('rejects corrupt entries', () => {
    expect(() => parseCategoryNames({ enc: [numericFeature] }, PATH, 2, [3, 2, 0])).toThrow(
      `${PATH}.enc must have one entry per feature (2) (found 1)`,
    );
    expect(() => parseCategoryNames({ enc: [{ offsets: [0, 9], values: [97] }] }, PATH, 1, [3, 2, 0])).toThrow(
      `${PATH}.enc[0].offsets must rise from 0 to the 1 bytes of values`,
    );
    expect(() => parseCategoryNames({ enc: [stringEntry(['a', 'a'])] }, PATH, 1, [3, 2, 0])).toThrow(
      `${PATH}.enc[0].values must name each category once`,
    );
    expect(() => parseCategoryNames({ enc: [{ offsets: [0, 1], values: [-1] }] }, PATH, 1, [3, 4, 0])).toThrow(/name 0 is not valid UTF-8/);
    expect(() => parseCategoryNames({ enc: 'x' }, PATH, 1, [3, 2, 0])).toThrow(`${PATH}.enc must be an array`);
  });
});
