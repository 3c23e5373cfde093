import { describe, expect, it } from 'vitest';
import { normal, seeded } from '../../core/contracts/testing/sample-distributions.ts';
import { compareProfiles } from '../../core/drift/profile-drift.ts';
import { DatasetProfile } from '../../core/profiles/dataset-profile.ts';
import { SchemaProbe } from '../../core/profiles/schema-probe.ts';
import type { ReferenceProfileRecord, WindowProfileRecord } from '../../store/monitoring-repository.ts';
import type { Store } from '../../store/store.ts';
import { closedWindowDrift } from './closed-window-drift.ts';

function rows(n: number, seed: number, shift = 0): Record<string, unknown>[] {
  const random = seeded(seed);
  return Array.from({ length: n }, (_, i) => ({
    x: i % 4 === 0 && shift > 0 ? null : normal(random) + shift,
    city: i % 2 ? 'Oslo' : 'Lima',
  }));
}

const probe = new SchemaProbe(['x', 'city']);
for (const r of rows(2000, 1)) probe.addRecord(r);
const schema = probe.schema();
const profileOf = (data: readonly Record<string, unknown>[]) => {
  const profile = new DatasetProfile(schema);
  data.forEach((r, i) => profile.addRecord(r, (i * 0.618033988749895) % 1));
  return profile;
};
const reference: ReferenceProfileRecord = {
  versionId: 'v1',
  profile: profileOf(rows(2000, 1)).toJSON(),
  multivariate: null,
  rows: 2000,
  createdAt: '2026-11-25T09:00:00.000Z',
};

function written(deployment: string, versionId: string, minute: number, data: readonly Record<string, unknown>[]): WindowProfileRecord {
  return {
    deployment,
    versionId,
    windowStart: new Date(Date.parse('2026-11-25T10:00:00.000Z') + minute * 60_000).toISOString(),
    windowMs: 60_000,
    source: 'proc-a',
    rows: data.length,
    profile: profileOf(data).toJSON(),
    reconstruction: null,
    status: 'complete',
    updatedAt: '2026-11-25T10:10:00.000Z',
  };
}

const store = {
  versions: { findById: async (id: string) => ({ v1: { modelName: 'credit', version: 1 }, v2: { modelName: 'credit', version: 2 } })[id] },
  monitoring: { findReference: async (id: string) => (id === 'v1' ? reference : undefined) },
} as unknown as Pick<Store, 'versions' | 'monitoring'>;

describe('closedWindowDrift', () => {
  it("compares each deployment's newest written window with its reference, with missing shares; no drift without a reference", async () => {
    const shifted = rows(400, 2, 3);
    const out = await closedWindowDrift(store, [
      written('credit', 'v1', 1, shifted),
      written('credit', 'v1', 0, rows(400, 3)),
      written('other', 'v2', 0, rows(100, 4)),
    ]);
    expect(out.map((w) => [w.deployment, w.model.version, w.start, w.end, w.rows])).toEqual([
      ['credit', 1, '2026-11-25T10:01:00.000Z', '2026-11-25T10:02:00.000Z', 400],
      ['other', 2, '2026-11-25T10:00:00.000Z', '2026-11-25T10:01:00.000Z', 100],
    ]);
    const credit = out[0]!;
    const expected = compareProfiles(DatasetProfile.fromJSON(reference.profile), profileOf(shifted), { columns: ['x', 'city'] });
    expect(credit.drift?.dataset).toEqual(expected.dataset);
    expect(credit.drift?.columns.find((c) => c.name === 'x')).toMatchObject({ drifted: true });
    expect(credit.missing).toEqual([
      { column: 'x', share: 0.25 },
      { column: 'city', share: 0 },
    ]);
    expect(out[1]!.drift).toBeNull();
  });

  it('skips a window in which every request failed: it has no rows to compare, and the gauges keep the last window that had some', async () => {
    const out = await closedWindowDrift(store, [
      written('credit', 'v1', 0, rows(400, 3)),
      { ...written('credit', 'v1', 1, []), errors: 5 },
    ]);
    expect(out.map((w) => [w.deployment, w.start, w.rows])).toEqual([['credit', '2026-11-25T10:00:00.000Z', 400]]);
    expect(await closedWindowDrift(store, [{ ...written('credit', 'v1', 1, []), errors: 5 }])).toEqual([]);
  });
});
