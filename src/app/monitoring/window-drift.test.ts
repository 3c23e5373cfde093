import { describe, expect, it } from 'vitest';
import { normal, seeded } from '../../core/contracts/testing/sample-distributions.ts';
import { DatasetProfile } from '../../core/profiles/dataset-profile.ts';
import { SchemaProbe } from '../../core/profiles/schema-probe.ts';
import { windowDrift } from './window-drift.ts';

function rows(n: number, seed: number, shift: number): Record<string, unknown>[] {
  const random = seeded(seed);
  return Array.from({ length: n }, (_, i) => ({ x: normal(random) + shift, label: i % 2 }));
}

function profile(schema: DatasetProfile['schema'], data: readonly Record<string, unknown>[]): DatasetProfile {
  const out = new DatasetProfile(schema);
  data.forEach((r, i) => out.addRecord(r, (i * 0.618033988749895) % 1));
  return out;
}

describe('windowDrift', () => {
  it("compares only the columns the window profiles: the reference's training label is not reported as missing", () => {
    const training = rows(2000, 1, 0);
    const probe = new SchemaProbe(['x', 'label']);
    for (const r of training) probe.addRecord(r);
    const reference = profile(probe.schema(), training);
    // Live windows are profiled on the reference's schema without the label.
    const windowSchema = { columns: reference.schema.columns.filter((c) => c.name !== 'label') };
    const record = { versionId: 'v1', profile: reference.toJSON(), multivariate: null, rows: 2000, createdAt: '2026-11-25T09:00:00.000Z' };
    const report = windowDrift(reference, record, { profile: profile(windowSchema, rows(500, 2, 2)), reconstruction: null });
    expect(report.columns.map((c) => [c.name, c.drifted])).toEqual([['x', true]]);
    expect(report.skipped ?? []).toEqual([]);
    expect(report.dataset.multivariate).toBeUndefined();
  });
});
