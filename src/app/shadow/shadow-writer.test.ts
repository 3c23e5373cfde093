import { describe, expect, it } from 'vitest';
import type { ShadowPredictionRecord } from '../../core/shadow/shadow-record.ts';
import { ShadowWriter } from './shadow-writer.ts';

const scored = (id: string): ShadowPredictionRecord => ({
  id,
  primaryPredictionId: `p${id}`,
  deploymentName: 'credit-risk',
  versionId: 'v2',
  at: '2026-12-01T00:00:00.000Z',
  outcome: 'scored',
  rows: 1,
  output: { value: 1 },
  error: null,
  latencyMs: 1,
});

function writer(fail: { next: number }, options: { batchRows?: number; maxPendingRows?: number } = {}) {
  const written: ShadowPredictionRecord[][] = [];
  const errors: string[] = [];
  let id = 0;
  const w = new ShadowWriter(
    {
      insertMany: async (records) => {
        if (fail.next > 0) {
          fail.next -= 1;
          throw new Error('database is locked');
        }
        written.push([...records]);
      },
    },
    {
      clock: () => new Date('2026-12-01T00:00:01.000Z'),
      newId: () => `d${++id}`,
      flushMs: 3_600_000,
      onError: (m) => errors.push(m),
      ...options,
    },
  );
  return { w, written, errors };
}

describe('the shadow writer', () => {
  it('sums dropped predictions per deployment and version into one row per flush', async () => {
    const { w, written } = writer({ next: 0 });
    w.addDropped('credit-risk', 'v2', 3);
    w.addDropped('credit-risk', 'v2', 4);
    w.addDropped('fraud', 'v9', 1);
    await w.close();
    expect(written.flat().map((r) => [r.deploymentName, r.versionId, r.outcome, r.rows, r.primaryPredictionId])).toEqual([
      ['credit-risk', 'v2', 'dropped', 7, null],
      ['fraud', 'v9', 'dropped', 1, null],
    ]);
  });

  it('keeps the rows a failed write could not store and writes them on the next flush, one chunk at a time', async () => {
    const fail = { next: 0 };
    const { w, written, errors } = writer(fail, { batchRows: 2 });
    fail.next = 1;
    w.add([scored('a'), scored('b'), scored('c')]);
    await w.flush();
    expect(errors).toEqual(['writing 2 shadow predictions failed; kept for the next try']);
    await w.close();
    expect(written.map((chunk) => chunk.map((r) => r.id))).toEqual([['a', 'b'], ['c']]);
  });

  it('gives up the oldest rows past its bound while the store refuses writes', async () => {
    const fail = { next: 1 };
    const { w, written, errors } = writer(fail, { batchRows: 10, maxPendingRows: 2 });
    w.add([scored('a'), scored('b'), scored('c')]);
    await w.flush();
    expect(errors).toEqual(['writing 3 shadow predictions failed; kept for the next try (1 of the oldest given up)']);
    await w.close();
    expect(written.flat().map((r) => r.id)).toEqual(['b', 'c']);
  });
});
