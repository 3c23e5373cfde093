import { describe, expect, it } from 'vitest';
import { rowsAsInstances } from './rows-as-instances.ts';

describe('rowsAsInstances', () => {
  it('turns rows into {feature: value} instances for the prediction log', () => {
    const instances = rowsAsInstances({
      columns: ['a', 'b'],
      rows: [
        { row: 1, cells: [1, 'x'] },
        { row: 2, cells: [null] },
      ],
    });
    expect(instances.map((i) => ({ ...i }))).toEqual([
      { a: 1, b: 'x' },
      { a: null, b: null },
    ]);
    expect(JSON.stringify(instances)).toBe('[{"a":1,"b":"x"},{"a":null,"b":null}]');
  });
  it('keeps a feature named __proto__ as data', () => {
    const [instance] = rowsAsInstances({ columns: ['__proto__'], rows: [{ row: 1, cells: [5] }] });
    expect(Object.keys(instance!)).toEqual(['__proto__']);
    expect(JSON.stringify(instance)).toBe('{"__proto__":5}');
    expect(({} as Record<string, unknown>)['5']).toBeUndefined();
  });
});
