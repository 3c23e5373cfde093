import { describe, expect, it } from 'vitest';
import type { ApiClient, PredictionQuery } from './client.ts';
import { recentPredictions } from './recent-predictions.ts';
import type { Prediction } from './types.ts';

/** A log of `total` predictions, newest first, paged by id like the server's cursor. */
function pagedLog(total: number) {
  const log: Prediction[] = Array.from({ length: total }, (_, i) => ({
    id: String(total - i).padStart(4, '0'),
    at: new Date(Date.UTC(2025, 0, 1, 0, 0, total - i)).toISOString(),
    deployment: 'credit',
    model: { name: 'credit', version: 1 },
    request_id: null,
    inputs: {},
    output: { value: 0 },
    latency_ms: 1,
    violations: [],
  }));
  const queries: PredictionQuery[] = [];
  const api = {
    predictions: async (query: PredictionQuery) => {
      queries.push(query);
      const start = query.before === undefined ? 0 : log.findIndex((p) => p.id < query.before!);
      const page = start === -1 ? [] : log.slice(start, start + (query.limit ?? 50));
      const last = page[page.length - 1];
      return { predictions: page, next: last && log.indexOf(last) < log.length - 1 ? last.id : null };
    },
  } as unknown as ApiClient;
  return { api, queries, log };
}

describe('recentPredictions', () => {
  it('follows the cursor until it has as many as asked', async () => {
    const { api, queries, log } = pagedLog(130);
    const got = await recentPredictions(api, 'credit', 120);
    expect(got.map((p) => p.id)).toEqual(log.slice(0, 120).map((p) => p.id));
    expect(queries.map((q) => q.limit)).toEqual([50, 50, 20]);
    expect(queries.every((q) => q.deployment === 'credit')).toBe(true);
  });

  it('stops at the end of the log', async () => {
    const { api, queries } = pagedLog(60);
    expect(await recentPredictions(api, 'credit', 200)).toHaveLength(60);
    expect(queries).toHaveLength(2);
  });

  it('returns nothing for a deployment that has not predicted yet', async () => {
    const { api } = pagedLog(0);
    expect(await recentPredictions(api, 'credit', 200)).toEqual([]);
  });
});
