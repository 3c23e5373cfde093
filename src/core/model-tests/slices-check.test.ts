import { describe, expect, it } from 'vitest';
import { BallastError } from '../errors.ts';
import type { MetricName } from '../performance/metric-registry.ts';
import { SeededRandom } from './seeded-random.ts';
import { evaluateSlices, type SliceResult } from './slices-check.ts';
import type { CheckData, SlicesCheckSpec } from './suite-types.ts';
import { binaryScored, fakeCheckData } from './testing/metric-check-data.ts';
import { binaryFixtureData, close, fixtures } from './testing/metric-fixtures.ts';

function spec(metric: MetricName, options: Partial<SlicesCheckSpec> = {}): SlicesCheckSpec {
  return {
    name: 'sl',
    type: 'slices',
    severity: 'error',
    metric,
    bins: 5,
    min_rows: 30,
    margin: 0.05,
    bootstrap: 200,
    confidence: 0.95,
    ...options,
  };
}

function slicesOf(details: unknown): SliceResult[] {
  return (details as { slices: SliceResult[] }).slices;
}

/**
 * Rows of a binary classifier with a `segment` column: segment "bad" (share `badShare`) is answered right
 * with probability `badAccuracy`, every other row with 0.95. `region` is noise.
 */
function segmentData(n: number, badShare: number, badAccuracy: number): CheckData {
  const random = new SeededRandom(2026);
  const labels = new Int32Array(n);
  const positive: number[] = [];
  const segment: string[] = [];
  const region: string[] = [];
  for (let row = 0; row < n; row++) {
    const bad = random.nextFloat() < badShare;
    segment.push(bad ? 'bad' : 'good');
    region.push(['n', 's'][random.nextInt(2)]!);
    labels[row] = random.nextInt(2);
    const right = random.nextFloat() < (bad ? badAccuracy : 0.95);
    const confidence = 0.6 + 0.3 * random.nextFloat();
    positive.push((labels[row] === 1) === right ? confidence : 1 - confidence);
  }
  return fakeCheckData({ labels, scored: binaryScored(positive), columns: { segment, region }, inputs: ['segment', 'region'] });
}

describe('the slices check against scikit-learn', () => {
  it('gives each region and each age quintile bin the metric scikit-learn gives its rows', async () => {
    const result = await evaluateSlices(spec('accuracy', { columns: ['region'] }), binaryFixtureData(), 1);
    const regions = slicesOf(result.details);
    for (const [region, expected] of Object.entries(fixtures.binary.accuracy_by_region)) {
      const found = regions.find((s) => s.slice === region)!;
      expect({ region, ok: close(found.value, expected), overall: found.overall }).toEqual({
        region,
        ok: true,
        overall: fixtures.binary.all.accuracy,
      });
    }
    const ages = slicesOf((await evaluateSlices(spec('roc_auc', { columns: ['age'], bootstrap: 20 }), binaryFixtureData(), 1)).details);
    const byBin = ages.sort((a, b) => Number(a.slice.slice(1).split(',')[0]) - Number(b.slice.slice(1).split(',')[0]));
    expect(byBin.map((s) => s.rows)).toEqual([60, 60, 60, 60, 60]);
    byBin.forEach((s, bin) => expect({ bin, ok: close(s.value, fixtures.binary.roc_auc_by_age_bin[bin]!) }).toEqual({ bin, ok: true }));
  });

  it('crosses two columns: region=… & age=[…) slices with scikit-learn accuracy, small ones listed but not judged', async () => {
    const result = await evaluateSlices(
      spec('accuracy', { columns: [], crossings: [['region', 'age']], min_rows: 20 }),
      binaryFixtureData(),
      1,
    );
    const crossed = slicesOf(result.details);
    expect(crossed).toHaveLength(Object.keys(fixtures.binary.accuracy_by_region_and_age_bin).length);
    expect(crossed.every((s) => s.column === 'region & age' && /^region=\w+ & age=\[/.test(s.slice))).toBe(true);
    const edges = fixtures.binary.age_quintile_edges.map((e) => String(Number(e.toPrecision(6))));
    for (const s of crossed) {
      const [, region, lower] = /^region=(\w+) & age=\[([^,]+),/.exec(s.slice)!;
      const bin = lower === String(Math.min(...fixtures.binary.age)) ? 0 : edges.indexOf(lower!) + 1;
      const key = `${region}|${bin}` as keyof typeof fixtures.binary.accuracy_by_region_and_age_bin;
      expect({ slice: s.slice, ok: close(s.value, fixtures.binary.accuracy_by_region_and_age_bin[key]) }).toEqual({
        slice: s.slice,
        ok: true,
      });
      expect(s.judged).toBe(s.rows >= 20);
      if (!s.judged) expect(s.interval).toBeNull();
    }
  });
});

describe('the slices check', () => {
  it('fails a slice whose whole interval lies above the margin and lists it first', async () => {
    const result = await evaluateSlices(spec('accuracy'), segmentData(4000, 0.2, 0.7), 7);
    expect(result.passed).toBe(false);
    const [first] = slicesOf(result.details);
    expect(first).toMatchObject({ column: 'segment', slice: 'bad', judged: true, failed: true });
    expect(first!.interval![0]).toBeGreaterThan(0.05);
    expect(first!.worse_by).toBeCloseTo(first!.overall! - first!.value!, 12);
    expect(result.values.worst_slice_worse_by).toBe(first!.worse_by);
    expect(result.intervals).toEqual({ worst_slice_worse_by: first!.interval });
    expect(result.message).toMatch(
      /^1 of 4 judged slices are worse than overall by more than 0\.05 \(accuracy 0\.\d+ overall\): segment=bad \(\d+ rows\) by 0\.\d+ \[0\.\d+, 0\.\d+\]$/,
    );
  });

  it('passes when the slice is worse by less than a wider margin', async () => {
    const result = await evaluateSlices(spec('accuracy', { margin: 0.5 }), segmentData(4000, 0.2, 0.7), 7);
    expect(result.passed).toBe(true);
    expect(result.message).toMatch(/^no judged slice of 4 is worse than overall by more than 0\.5 .*worst segment=bad/);
  });

  it('does not fail a small slice whose point value is past the margin but whose interval reaches below it', async () => {
    // 60 rows in the bad segment at 0.85 (overall ≈ 0.95): worse by ≈ 0.1, but 60 rows cannot show it beyond doubt.
    const data = segmentData(1500, 0.04, 0.85);
    const result = await evaluateSlices(spec('accuracy', { columns: ['segment'] }), data, 7);
    const bad = slicesOf(result.details).find((s) => s.slice === 'bad')!;
    expect(bad.worse_by!).toBeGreaterThan(0.05);
    expect(bad.interval![0]).toBeLessThanOrEqual(0.05);
    expect(bad.failed).toBe(false);
    expect(result.passed).toBe(true);
    // Without a bootstrap the point value is all there is, and it is past the margin.
    const point = await evaluateSlices(spec('accuracy', { columns: ['segment'], bootstrap: 0 }), data, 7);
    expect(point.passed).toBe(false);
    expect(slicesOf(point.details).find((s) => s.slice === 'bad')).toMatchObject({ failed: true, interval: null });
  });

  it('orients a lower-is-better metric: a slice with larger log loss is worse', async () => {
    const result = await evaluateSlices(spec('log_loss', { columns: ['segment'], bootstrap: 50 }), segmentData(2000, 0.2, 0.7), 7);
    const bad = slicesOf(result.details).find((s) => s.slice === 'bad')!;
    expect(bad.value!).toBeGreaterThan(bad.overall!);
    expect(bad.worse_by).toBeCloseTo(bad.value! - bad.overall!, 12);
    expect(result.passed).toBe(false);
  });

  it('slices every model input by default and is reproducible from its seed', async () => {
    const data = segmentData(1000, 0.2, 0.8);
    const a = await evaluateSlices(spec('accuracy'), data, 11);
    expect(new Set(slicesOf(a.details).map((s) => s.column))).toEqual(new Set(['segment', 'region']));
    expect(await evaluateSlices(spec('accuracy'), data, 11)).toEqual(a);
    expect(await evaluateSlices(spec('accuracy'), data, 12)).not.toEqual(a);
  });

  it('refuses data where no slice has min_rows rows with test_data_insufficient', async () => {
    const error = (await evaluateSlices(spec('accuracy', { min_rows: 10000 }), segmentData(500, 0.2, 0.8), 1).catch(
      (e: unknown) => e,
    )) as BallastError;
    expect(error).toBeInstanceOf(BallastError);
    expect(error.code).toBe('test_data_insufficient');
  });

  it('refuses a column the data lacks with invalid_test_suite pointing at it', async () => {
    const error = (await evaluateSlices(spec('accuracy', { crossings: [['segment', 'sex']] }), segmentData(500, 0.2, 0.8), 1).catch(
      (e: unknown) => e,
    )) as BallastError;
    expect(error.code).toBe('invalid_test_suite');
    expect(error.issues[0]!.path).toEqual(['checks', 'sl', 'crossings', 0, 1]);
  });
});
