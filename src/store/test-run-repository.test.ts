import { afterAll, describe, expect, it } from 'vitest';
import type { TestRunRecord } from '../core/model-tests/test-run-record.ts';
import { storeFactories } from './testing/test-stores.ts';

function run(id: string, fields: Partial<TestRunRecord> = {}): TestRunRecord {
  return {
    id,
    versionId: 'v1',
    suiteName: 'release',
    suiteHash: 'a'.repeat(64),
    dataFile: 'holdout.csv',
    dataHash: 'b'.repeat(64),
    dataRows: 1000,
    seed: 4_000_000_000,
    passed: true,
    checks: [
      {
        name: 'auc',
        type: 'metric',
        severity: 'error',
        passed: true,
        values: { roc_auc: 0.81 },
        bounds: { roc_auc: { min: 0.75 } },
        message: 'roc_auc 0.81 ≥ 0.75',
      },
    ],
    createdBy: 'ana',
    createdAt: '2026-12-07T10:00:00.000Z',
    ...fields,
  };
}

for (const factory of storeFactories()) {
  describe(`TestRunRepository (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    it('stores runs whole and lists a version’s runs newest first', async () => {
      const store = await factory.create();
      try {
        await store.testRuns.insert(run('t1'));
        await store.testRuns.insert(run('t2', { createdAt: '2026-12-07T11:00:00.000Z', passed: false }));
        await store.testRuns.insert(run('t3', { versionId: 'v2' }));
        expect(await store.testRuns.find('t1')).toEqual(run('t1'));
        expect(await store.testRuns.find('nope')).toBeUndefined();
        expect((await store.testRuns.listForVersion('v1')).map((r) => r.id)).toEqual(['t2', 't1']);
        expect((await store.testRuns.listForVersion('v1', 1)).map((r) => r.id)).toEqual(['t2']);
      } finally {
        await store.close();
      }
    });

    it('gives the newest run of each suite, which is what a gate judges', async () => {
      const store = await factory.create();
      try {
        await store.testRuns.insert(run('t1', { suiteName: 'release', passed: false }));
        await store.testRuns.insert(run('t2', { suiteName: 'release', createdAt: '2026-12-07T12:00:00.000Z' }));
        await store.testRuns.insert(run('t3', { suiteName: 'fairness', passed: false }));
        const latest = await store.testRuns.latestPerSuite('v1');
        expect([...latest.keys()].sort()).toEqual(['fairness', 'release']);
        expect(latest.get('release')).toMatchObject({ id: 't2', passed: true });
        expect(latest.get('fairness')).toMatchObject({ id: 't3', passed: false });
        expect((await store.testRuns.latestPerSuite('other')).size).toBe(0);
      } finally {
        await store.close();
      }
    });
  });
}
