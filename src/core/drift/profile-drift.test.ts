import { describe, expect, it } from 'vitest';
import { normal, seeded } from '../contracts/testing/sample-distributions.ts';
import type { CategoricalProfile } from '../profiles/categorical-profile.ts';
import { DatasetProfile } from '../profiles/dataset-profile.ts';
import { SchemaProbe } from '../profiles/schema-probe.ts';
import { binCounts } from './bin-edges.ts';
import type { NumericDriftMetrics } from './drift-report.ts';
import { ksTwoSample } from './ks-test.ts';
import { compareProfiles } from './profile-drift.ts';
import { populationStabilityIndex } from './psi.ts';
import { sortedSample } from './sorted-sample.ts';
import { wassersteinDistance } from './wasserstein.ts';

function rows(n: number, seed: number, shift = 0, cities = ['Oslo', 'Lima', 'Pune']): Record<string, unknown>[] {
  const random = seeded(seed);
  return Array.from({ length: n }, (_, i) => ({ x: normal(random) + shift, city: cities[(i * 7) % cities.length] }));
}

function profiles(reference: Record<string, unknown>[], current: Record<string, unknown>[]) {
  const probe = new SchemaProbe(['x', 'city']);
  for (const r of reference) probe.addRecord(r);
  const schema = probe.schema();
  const of = (data: Record<string, unknown>[]) => {
    const p = new DatasetProfile(schema);
    data.forEach((r, i) => p.addRecord(r, ((i + 1) * 0.7548776662466927) % 1));
    return p;
  };
  return { reference: of(reference), current: of(current), schema };
}

describe("compareProfiles: the reference decides each column's role once", () => {
  // The training snapshot as CSV cells (text), the serving window as JSON numbers.
  const reference = Array.from({ length: 2000 }, (_, i) => ({
    PassengerId: String(i + 1),
    year: '2019',
    flag: i % 20 < 11 ? '1.0' : '0.0',
    x: String((i % 37) / 3),
  }));
  const current = Array.from({ length: 2000 }, (_, i) => ({
    PassengerId: 2001 + i,
    year: 2023,
    flag: i % 40 < 27 ? 1 : 0,
    x: (i % 37) / 3,
  }));

  it('marks ids and time-like columns skipped, and few-valued numbers categorical, in the schema', () => {
    const probe = new SchemaProbe(['PassengerId', 'year', 'flag', 'x']);
    for (const r of reference) probe.addRecord(r);
    const [id, year, flag, x] = probe.schema().columns;
    expect(id).toMatchObject({ kind: 'numeric', skipped: expect.stringMatching(/^looks like an identifier/) });
    expect(id!.range).toBeUndefined();
    expect(year).toMatchObject({ kind: 'numeric', skipped: expect.stringMatching(/^time-like/) });
    expect(flag).toEqual({ name: 'flag', kind: 'categorical', numbers: true });
    expect(x).toMatchObject({ kind: 'numeric', range: [0, 12] });
  });

  it('compares a window on that schema: the flag as categories ("1.0" and 1 alike), ids and years skipped with the reason', () => {
    const probe = new SchemaProbe(['PassengerId', 'year', 'flag', 'x']);
    for (const r of reference) probe.addRecord(r);
    const schema = probe.schema();
    const of = (data: Record<string, unknown>[]) => {
      const p = new DatasetProfile(schema);
      data.forEach((r, i) => p.addRecord(r, ((i + 1) * 0.7548776662466927) % 1));
      return p;
    };
    const report = compareProfiles(of(reference), of(current));
    expect(report.columns.map((c) => c.name)).toEqual(['flag', 'x']);
    expect(report.skipped?.map((s) => s.name)).toEqual(['PassengerId', 'year']);
    const flag = report.columns[0]!;
    expect(flag).toMatchObject({ type: 'categorical', drifted: true, effect_size: { name: 'tvd' } });
    expect(flag.distribution.bins).toEqual(['1', '0']);
    expect(flag.effect_size.value).toBeCloseTo(0.125, 12);
    expect(report.columns[1]!.drifted).toBe(false);
  });
});

describe('compareProfiles: missing values in a window', () => {
  it('tests the missing share of each column against the reference (10% → 16%)', () => {
    const withGaps = (n: number, every: number, seed: number) => rows(n, seed).map((r, i) => ({ ...r, x: i % 100 < every ? null : r.x }));
    const { reference, current } = profiles(withGaps(10_000, 10, 1), withGaps(10_000, 16, 2));
    const report = compareProfiles(reference, current);
    const x = report.columns.find((c) => c.name === 'x')!;
    expect(x.drifted).toBe(false);
    expect(x.missingness).toMatchObject({ reference_share: 0.1, current_share: 0.16, changed: true });
    expect(report.columns.find((c) => c.name === 'city')!.missingness).toMatchObject({ change: 0, changed: false });
    expect(report.dataset.missingness_changed_columns).toBe(1);
  });
});

describe('compareProfiles', () => {
  it("agrees with the exact statistics within the quantile sketches' rank error", () => {
    const ref = rows(50_000, 1);
    const cur = rows(40_000, 2, 0.15);
    const { reference, current, schema } = profiles(ref, cur);
    const report = compareProfiles(reference, current);
    const x = report.columns.find((c) => c.name === 'x')!;
    const exactRef = sortedSample(ref.map((r) => r.x as number));
    const exactCur = sortedSample(cur.map((r) => r.x as number));
    const ks = ksTwoSample(exactRef, exactCur);
    // Each KLL sketch (k = 200) is within 1.65% in rank, so the KS distance is within twice that.
    expect(Math.abs(x.statistic! - ks.statistic)).toBeLessThan(0.033);
    expect(Math.abs((x.metrics as NumericDriftMetrics).wasserstein! - wassersteinDistance(exactRef, exactCur))).toBeLessThan(0.03);
    // Histograms on the reference edges are exact, and PSI is computed on them.
    const edges = schema.columns[0]!.edges!;
    expect((x.metrics as NumericDriftMetrics).psi).toBe(populationStabilityIndex(binCounts(exactRef, edges), binCounts(exactCur, edges)));
    // The drawing is on equal-width bins from the sketches' items, which stand for every value.
    expect(x.distribution.current.reduce((a, b) => a + b, 0)).toBeCloseTo(40_000, 6);
    expect(x.distribution.reference.reduce((a, b) => a + b, 0)).toBeCloseTo(50_000, 6);
    expect(x.n_current).toBe(40_000);
    expect(x.drifted).toBe(true);
    expect(x.note).toMatch(/quantile sketches/);
  });

  it('does not call two large windows of one distribution drifted', () => {
    const { reference, current } = profiles(rows(300_000, 3), rows(300_000, 4));
    const report = compareProfiles(reference, current);
    expect(report.columns.map((c) => [c.name, c.drifted])).toEqual([
      ['x', false],
      ['city', false],
    ]);
  });

  it('compares categories from exact counts, and names new ones', () => {
    const { reference, current } = profiles(rows(3000, 5), rows(3000, 6, 0, ['Oslo', 'Lima', 'Pune', 'Kyiv']));
    const city = compareProfiles(reference, current).columns.find((c) => c.name === 'city')!;
    expect(city).toMatchObject({ type: 'categorical', drifted: true, distribution: { bins: ['Lima', 'Oslo', 'Pune', 'Kyiv'] } });
    expect(city.note).toMatch(/"Kyiv"/);
  });

  it('skips identifier-like columns and columns the current profile lacks', () => {
    const schema = {
      columns: [
        { name: 'id', kind: 'categorical' as const },
        { name: 'x', kind: 'numeric' as const, edges: [0], range: [-1, 1] as [number, number] },
      ],
    };
    const reference = new DatasetProfile(schema);
    for (let i = 0; i < 2000; i++) reference.addRecord({ id: `id-${i}`, x: (i % 3) - 1 }, (i * 0.37) % 1);
    expect((reference.column('id') as CategoricalProfile).categories.exhausted).toBe(true);
    const current = new DatasetProfile({ columns: [schema.columns[0]!] });
    const report = compareProfiles(reference, current);
    expect(report.columns).toEqual([]);
    expect(report.skipped!.map((s) => s.name)).toEqual(['id', 'x']);
    expect(report.skipped![0]!.reason).toMatch(/identifier/);
  });
});
