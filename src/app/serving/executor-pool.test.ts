import { describe, expect, it } from 'vitest';
import type { DeploymentRecord } from '../../core/serving-records.ts';
import { ExecutorPool, type LoadedVersion } from './executor-pool.ts';

function deployment(maxBatchSize = 64): DeploymentRecord {
  return { name: 'credit', config: { maxBatchSize, maxDelayMs: 5, logSampleRate: 1 } } as DeploymentRecord;
}

function loader(failing?: string) {
  const loads: string[] = [];
  const closed: string[] = [];
  const load = async (record: DeploymentRecord, versionId: string): Promise<LoadedVersion> => {
    loads.push(`${versionId}/${record.config.maxBatchSize}`);
    if (versionId === failing) throw new Error(`${versionId} does not load`);
    return { executor: { close: async () => void closed.push(versionId) } } as unknown as LoadedVersion;
  };
  return { load, loads, closed };
}

describe('ExecutorPool', () => {
  it('loads a version once for all its holders and closes it when the last lets go, once', async () => {
    const { load, loads, closed } = loader();
    const pool = new ExecutorPool(load);
    const [a, b] = await Promise.all([pool.acquire(deployment(), 'v1'), pool.acquire(deployment(), 'v1')]);
    expect(a.loaded).toBe(b.loaded);
    expect(loads).toEqual(['v1/64']);
    a.release();
    a.release();
    expect(closed).toEqual([]);
    b.release();
    expect(closed).toEqual(['v1']);
    expect(pool.size).toBe(0);
    // Another batching config is another executor.
    await pool.acquire(deployment(32), 'v1');
    await pool.acquire(deployment(64), 'v1');
    expect(loads).toEqual(['v1/64', 'v1/32', 'v1/64']);
    await pool.close();
    expect(closed.sort()).toEqual(['v1', 'v1', 'v1']);
  });

  it('forgets a failed load so the next holder tries again', async () => {
    const { load, loads } = loader('v2');
    const pool = new ExecutorPool(load);
    await expect(pool.acquire(deployment(), 'v2')).rejects.toThrow('v2 does not load');
    await expect(pool.acquire(deployment(), 'v2')).rejects.toThrow('v2 does not load');
    expect(loads).toEqual(['v2/64', 'v2/64']);
    expect(pool.size).toBe(0);
  });

  it('closes each version once when the pool closes, and a lease released afterwards closes nothing again', async () => {
    const { load, closed } = loader();
    const pool = new ExecutorPool(load);
    const lease = await pool.acquire(deployment(), 'v1');
    await pool.close();
    lease.release();
    expect(closed).toEqual(['v1']);
  });
});
