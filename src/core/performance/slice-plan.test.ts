import { describe, expect, it } from 'vitest';
import { DatasetProfile } from '../profiles/dataset-profile.ts';
import { SchemaProbe } from '../profiles/schema-probe.ts';
import { MISSING_SLICE, OTHER_SLICE, slicePlan } from './slice-plan.ts';

function referenceOf(rows: readonly Record<string, unknown>[]): DatasetProfile {
  const probe = new SchemaProbe(Object.keys(rows[0]!));
  for (const r of rows) probe.addRecord(r);
  const profile = new DatasetProfile(probe.schema());
  rows.forEach((r, i) => profile.addRecord(r, (i * 0.618033988749895) % 1));
  return profile;
}

// 1000 rows: x = 0, 0.1, … 24.9, four times each; 12 regions, "r0" the most frequent, "r11" the rarest.
const regions = Array.from({ length: 12 }, (_, i) => `r${i}`);
const rows = Array.from({ length: 1000 }, (_, i) => ({
  x: (i % 250) / 10,
  region: regions[Math.min(11, Math.floor(Math.sqrt(i * 1.5)) % 12)]!,
  rating: (i % 3) + 1,
}));

describe('slicePlan', () => {
  const plan = slicePlan(referenceOf(rows), ['x', 'region', 'rating', 'absent']);

  it('cuts numeric inputs on the reference quintiles, labelled as drift bins are', () => {
    const x = plan.columns.findIndex((c) => c.name === 'x');
    const column = plan.columns[x]!;
    expect(column.kind).toBe('numeric');
    // The sketch's quantile is the lower one: the value of rank ⌊q·n⌋ (exact here, 1000 values do not compact).
    expect(column.kind === 'numeric' && column.edges).toEqual([4.9, 9.9, 14.9, 19.9]);
    expect([-5, 4.8, 4.9, 16, 50].map((v) => plan.sliceOf(x, v))).toEqual(['< 4.9', '< 4.9', '[4.9, 9.9)', '[14.9, 19.9)', '>= 19.9']);
    expect(plan.sliceOf(x, null)).toBe(MISSING_SLICE);
    expect(plan.sliceOf(x, '16')).toBe('[14.9, 19.9)');
  });

  it('keeps the ten most frequent categories and puts the rest in "(other)"', () => {
    const region = plan.columns.findIndex((c) => c.name === 'region');
    const column = plan.columns[region]!;
    expect(column.kind === 'categorical' && column.categories.size).toBe(10);
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.region, (counts.get(r.region) ?? 0) + 1);
    const rarest = [...counts.entries()].sort((a, b) => a[1] - b[1])[0]![0];
    expect(plan.sliceOf(region, rarest)).toBe(OTHER_SLICE);
    expect(plan.sliceOf(region, 'nowhere')).toBe(OTHER_SLICE);
    const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    expect(plan.sliceOf(region, common)).toBe(common);
    expect(plan.sliceOf(region, undefined)).toBe(MISSING_SLICE);
  });

  it('reads a few-numbers column as the profile counted it, and leaves out columns the reference lacks', () => {
    const rating = plan.columns.findIndex((c) => c.name === 'rating');
    expect(plan.columns[rating]!.kind).toBe('categorical');
    expect([2, '2', '2.0'].map((v) => plan.sliceOf(rating, v))).toEqual(['2', '2', '2']);
    expect(plan.columns.map((c) => c.name)).not.toContain('absent');
  });
});
