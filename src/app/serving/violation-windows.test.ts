import { describe, expect, it } from 'vitest';
import { ViolationWindows } from './violation-windows.ts';

function fakeStore(failFirst = false) {
  const added: unknown[][] = [];
  let fail = failFirst;
  return {
    added,
    store: {
      contracts: {
        addViolationCounts: async (rows: unknown[]) => {
          if (fail) {
            fail = false;
            throw new Error('database down');
          }
          added.push(rows);
        },
      },
    } as never,
  };
}

describe('ViolationWindows', () => {
  it('counts per minute, column, code and policy, and empties on flush', async () => {
    const { store, added } = fakeStore();
    const windows = new ViolationWindows(store);
    const v = { column: 'age', code: 'out_of_range', policy: 'flag' };
    windows.record('credit', new Date('2026-11-25T10:00:05Z'), [v, { ...v, column: 'income' }]);
    windows.record('credit', new Date('2026-11-25T10:00:59Z'), [v]);
    windows.record('credit', new Date('2026-11-25T10:01:00Z'), [v]);
    await windows.flush();
    expect(added[0]).toEqual([
      { deployment: 'credit', windowStart: '2026-11-25T10:00:00.000Z', column: 'age', code: 'out_of_range', policy: 'flag', count: 2 },
      { deployment: 'credit', windowStart: '2026-11-25T10:00:00.000Z', column: 'income', code: 'out_of_range', policy: 'flag', count: 1 },
      { deployment: 'credit', windowStart: '2026-11-25T10:01:00.000Z', column: 'age', code: 'out_of_range', policy: 'flag', count: 1 },
    ]);
    expect(windows.pending).toBe(0);
  });

  it('counts in the base monitoring window it is given: 10-second windows each get their own violations', async () => {
    const { store, added } = fakeStore();
    const windows = new ViolationWindows(store, 10_000);
    const v = { column: 'age', code: 'out_of_range', policy: 'flag' };
    windows.record('credit', new Date('2026-11-25T10:00:05Z'), [v]);
    windows.record('credit', new Date('2026-11-25T10:00:15Z'), [v]);
    windows.record('credit', new Date('2026-11-25T10:00:19.999Z'), [v]);
    await windows.flush();
    expect(added[0]).toEqual([
      { deployment: 'credit', windowStart: '2026-11-25T10:00:00.000Z', ...v, count: 1 },
      { deployment: 'credit', windowStart: '2026-11-25T10:00:10.000Z', ...v, count: 2 },
    ]);
  });

  it('keeps counts whose flush failed for the next one', async () => {
    const { store, added } = fakeStore(true);
    const windows = new ViolationWindows(store);
    windows.record('credit', new Date('2026-11-25T10:00:05Z'), [{ column: 'age', code: 'null_not_allowed', policy: 'reject' }]);
    await expect(windows.flush()).rejects.toThrow('database down');
    windows.record('credit', new Date('2026-11-25T10:00:06Z'), [{ column: 'age', code: 'null_not_allowed', policy: 'reject' }]);
    await windows.flush();
    expect(added).toEqual([
      [
        {
          deployment: 'credit',
          windowStart: '2026-11-25T10:00:00.000Z',
          column: 'age',
          code: 'null_not_allowed',
          policy: 'reject',
          count: 2,
        },
      ],
    ]);
  });
});
