import { describe, expect, it } from 'vitest';
import type { PredictionLogRecord } from '../../core/serving-records.ts';
import type { Repositories } from '../../store/store.ts';
import { PredictionLogWriter } from './prediction-log-writer.ts';

function record(id: string): PredictionLogRecord {
  return {
    id,
    at: 't',
    deploymentId: 'd',
    deploymentName: 'd',
    versionId: 'v',
    modelName: 'm',
    modelVersion: 1,
    requestId: null,
    features: [],
    inputs: {},
    output: { value: 1 },
    latencyMs: 1,
  };
}

/** A store whose commits we hold open, to see what a commit groups. */
function controllableStore() {
  const commits: string[][] = [];
  const gates: Array<() => void> = [];
  let fail = false;
  const store = {
    async transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
      const ids: string[] = [];
      const tx = {
        predictions: { insertMany: async (rs: PredictionLogRecord[]) => void ids.push(...rs.map((r) => r.id)) },
      } as unknown as Repositories;
      const result = await work(tx);
      await new Promise<void>((resolve) => gates.push(resolve));
      if (fail) throw new Error('disk full');
      commits.push(ids);
      return result;
    },
  };
  return { store, commits, release: () => gates.shift()?.(), setFail: (f: boolean) => (fail = f), pendingCommits: () => gates.length };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('PredictionLogWriter', () => {
  it('resolves an append only after its commit, and groups what arrives meanwhile into one commit', async () => {
    const s = controllableStore();
    const stats: number[] = [];
    const writer = new PredictionLogWriter(s.store, (c) => stats.push(c.requests));
    let firstDone = false;
    const first = writer.append([record('a')]).then(() => (firstDone = true));
    await tick();
    await tick();
    expect(s.pendingCommits()).toBe(1);
    const later = [writer.append([record('b')]), writer.append([record('c'), record('d')])];
    expect(writer.queued).toBe(3);
    expect(firstDone).toBe(false);
    s.release();
    await first;
    expect(s.commits).toEqual([['a']]);
    await tick();
    await tick();
    s.release();
    await Promise.all(later);
    expect(s.commits).toEqual([['a'], ['b', 'c', 'd']]);
    expect(stats).toEqual([1, 2]);
  });

  it('rejects every append of a failed commit and keeps working afterwards', async () => {
    const s = controllableStore();
    const writer = new PredictionLogWriter(s.store);
    s.setFail(true);
    const failed = writer.append([record('x')]);
    await tick();
    await tick();
    s.release();
    await expect(failed).rejects.toThrow('disk full');
    s.setFail(false);
    const ok = writer.append([record('y')]);
    await tick();
    await tick();
    s.release();
    await ok;
    expect(s.commits).toEqual([['y']]);
  });

  it('close() waits for queued records and refuses new ones', async () => {
    const s = controllableStore();
    const writer = new PredictionLogWriter(s.store);
    const pending = writer.append([record('z')]);
    const closing = writer.close();
    await tick();
    await tick();
    s.release();
    await Promise.all([pending, closing]);
    expect(s.commits).toEqual([['z']]);
    await expect(writer.append([record('w')])).rejects.toThrow(/closed/);
  });
});
