import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatasetStatistics } from './dataset-statistics.ts';
import { DatasetValidator } from './dataset-validator.ts';
import { inferContract, type InferOptions } from './infer-contract.ts';
import { contractFailures, normal, sample, seeded, sources, type ColumnSource } from './testing/sample-distributions.ts';

// The promise of inference: a fresh sample from the same source as the training data passes the
// inferred contract. Each property draws a source's parameters and a seed, infers from one sample
// and checks an independent sample of the same size with a checker written apart from the
// validator (sample-distributions.test-data.ts).
//
// Passing is a probability, not a certainty: a fresh sample can always be unluckier than any bound
// allows. Measured over a thousand samples per source (docs/contracts.md, and the opt-in block at
// the end of this file), none fail for normal, log-normal, integer, count, categorical and
// missing-value sources and one or two in a thousand for power-law tails; so the runs here use a
// fixed seed to keep the suite deterministic. Set BALLAST_PROPERTY_SEED to explore other draws.

const seed = process.env.BALLAST_PROPERTY_SEED === undefined ? 20_240_601 : Number(process.env.BALLAST_PROPERTY_SEED);
const runs = { numRuns: 25, seed };
const rows = fc.integer({ min: 300, max: 3000 });
const sampleSeed = fc.integer({ min: 1, max: 2 ** 30 });

function freshSamplePasses(columns: Record<string, ColumnSource>, n: number, trainingSeed: number, options: InferOptions = {}): void {
  const stats = new DatasetStatistics();
  stats.addChunk(sample(columns, n, trainingSeed));
  const contract = inferContract(stats, options);
  const fresh = sample(columns, n, trainingSeed + 1_000_003, n);
  expect(contractFailures(contract, fresh), JSON.stringify(contract)).toEqual([]);
  // And the validator Ballast runs agrees. Freshness is measured from the newest timestamp here:
  // the samples are not live data.
  const validator = new DatasetValidator(contract, { now: new Date(newestTimestamp(fresh)) });
  validator.addChunk(fresh);
  const report = validator.finish();
  expect(report.issues, JSON.stringify(contract)).toEqual([]);
  expect(report.passed).toBe(true);
}

function newestTimestamp(chunk: ReturnType<typeof sample>): number {
  let newest = 0;
  for (const { cells } of chunk.rows)
    for (const cell of cells) if (typeof cell === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(cell)) newest = Math.max(newest, Date.parse(cell));
  return newest;
}

describe('an inferred contract passes a fresh sample from the same source', () => {
  it('normal', () => {
    const params = fc.record({
      mean: fc.double({ min: -1e4, max: 1e4, noNaN: true }),
      sd: fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
    });
    fc.assert(
      fc.property(params, rows, sampleSeed, ({ mean, sd }, n, s) => freshSamplePasses({ x: sources.normal(mean, sd) }, n, s)),
      runs,
    );
  });

  it('log-normal', () => {
    const params = fc.record({ mu: fc.double({ min: -3, max: 8, noNaN: true }), sigma: fc.double({ min: 0.1, max: 1.5, noNaN: true }) });
    fc.assert(
      fc.property(params, rows, sampleSeed, ({ mu, sigma }, n, s) => freshSamplePasses({ x: sources.logNormal(mu, sigma) }, n, s)),
      runs,
    );
  });

  it('uniform integers, from a coin to a wide range', () => {
    const params = fc.record({
      low: fc.integer({ min: -1000, max: 1000 }),
      width: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 21, max: 1_000_000 })),
    });
    fc.assert(
      fc.property(params, rows, sampleSeed, ({ low, width }, n, s) => freshSamplePasses({ x: sources.uniformInteger(low, width) }, n, s)),
      runs,
    );
  });

  it('counts (Poisson), whose extremes are discrete', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 60, noNaN: true }), rows, sampleSeed, (lambda, n, s) =>
        freshSamplePasses({ x: sources.poisson(lambda) }, n, s),
      ),
      runs,
    );
  });

  it('a category with skewed frequencies', () => {
    const params = fc.record({ k: fc.integer({ min: 2, max: 15 }), skew: fc.double({ min: 0, max: 2.5, noNaN: true }) });
    fc.assert(
      fc.property(params, rows, sampleSeed, ({ k, skew }, n, s) => {
        // Zipf weights with a floor: a value rarer than about 1 in 100k rows is out of reach of any sample.
        const zipf = Array.from({ length: k }, (_, i) => 1 / (i + 1) ** skew);
        const total = zipf.reduce((a, b) => a + b, 0);
        const weights = zipf.map((w) => (0.9 * w) / total + 0.1 / k);
        freshSamplePasses(
          {
            x: sources.categorical(
              zipf.map((_, i) => `v${i}`),
              weights,
            ),
          },
          n,
          s,
        );
      }),
      runs,
    );
  });

  it('columns with missing values', () => {
    // At least 12 missing values expected in the smallest sample: a column missing more rarely than
    // that may show none, and is then inferred not nullable (see docs/contracts.md).
    const params = fc.record({
      share: fc.double({ min: 0.04, max: 0.6, noNaN: true }),
      kind: fc.constantFrom('normal', 'category', 'integer', 'boolean'),
    });
    fc.assert(
      fc.property(params, rows, sampleSeed, ({ share, kind }, n, s) => {
        const base = {
          normal: sources.normal(10, 3),
          category: sources.categorical(['a', 'b', 'c'], [5, 3, 2]),
          integer: sources.uniformInteger(0, 9),
          boolean: sources.boolean(0.3),
        }[kind];
        freshSamplePasses({ x: sources.withMissing(base, share) }, n, s);
      }),
      runs,
    );
  });

  it('a whole table: identifiers, timestamps, codes, a label and dataset rules', () => {
    const params = fc.record({ positive: fc.double({ min: 0.03, max: 0.5, noNaN: true }), days: fc.integer({ min: 1, max: 1000 }) });
    fc.assert(
      fc.property(params, rows, sampleSeed, ({ positive, days }, n, s) =>
        freshSamplePasses(
          {
            id: (_random, row) => `ORD-${String(row).padStart(8, '0')}`,
            at: sources.timestamp(Date.UTC(2023, 0, 1), days * 86_400_000),
            sku: sources.code('SKU', 5),
            amount: sources.withMissing(sources.logNormal(3, 1), 0.05),
            label: sources.boolean(positive),
          },
          n,
          s,
          { label: 'label', timestamp: 'at' },
        ),
      ),
      runs,
    );
  });
});

// The failure rates in docs/contracts.md, measured on demand (minutes, not seconds):
//   BALLAST_MEASURE_INFERENCE=1000 npx vitest run src/core/contracts/infer-contract.property.test.ts
const measureRuns = Number(process.env.BALLAST_MEASURE_INFERENCE ?? 0);

describe.runIf(measureRuns > 0)('failure rate of inferred contracts on fresh samples', () => {
  const random = seeded(12_345);
  const between = (low: number, high: number): number => low + random() * (high - low);
  const t3: ColumnSource = (r) => {
    let chi = 0;
    for (let i = 0; i < 3; i++) chi += normal(r) ** 2;
    return String(normal(r) / Math.sqrt(chi / 3));
  };
  const zipf = (): ColumnSource => {
    const k = 2 + Math.floor(random() * 11);
    const skew = random() * 2;
    const w = Array.from({ length: k }, (_, i) => 1 / (i + 1) ** skew);
    const total = w.reduce((a, b) => a + b, 0);
    return sources.categorical(
      w.map((_, i) => `c${i}`),
      w.map((x) => (0.9 * x) / total + 0.1 / k),
    );
  };
  const cases: Record<string, () => [Record<string, ColumnSource>, InferOptions?]> = {
    'normal (any mean, sd)': () => [{ x: sources.normal(between(-1000, 1000), 10 ** between(-2, 3)) }],
    'log-normal, sigma 0.2-1.5': () => [{ x: sources.logNormal(between(-2, 5), between(0.2, 1.5)) }],
    'log-normal, sigma 1.5-2.5': () => [{ x: sources.logNormal(0, between(1.5, 2.5)) }],
    'Student t, 3 degrees of freedom': () => [{ x: t3 }],
    'Pareto, alpha = 2': () => [{ x: (r) => String(1 / Math.sqrt(1 - r())) }],
    'uniform integers, width 1 to 10^6': () => [
      { x: sources.uniformInteger(Math.floor(between(-500, 500)), Math.floor(10 ** between(0, 6))) },
    ],
    'Poisson counts, lambda 0.2-50': () => [{ x: sources.poisson(between(0.2, 50)) }],
    'rounded normal integers': () => [
      {
        x: (
          (m: number, sd: number): ColumnSource =>
          (r) =>
            String(Math.round(m + sd * normal(r)))
        )(between(0, 100), between(0.5, 15.5)),
      },
    ],
    'categorical, 2-12 values, Zipf-skewed': () => [{ x: zipf() }],
    '1-41% missing values': () => [{ x: sources.withMissing(sources.normal(0, 1), between(0.01, 0.41)) }],
    'timestamps, codes, binary label': () => [
      {
        t: sources.timestamp(Date.UTC(2020, 0, 1), 86_400_000 * between(1, 365)),
        c: sources.code('AB-', 6),
        y: sources.boolean(between(0.05, 0.5)),
      },
      { label: 'y', timestamp: 't' },
    ],
  };
  for (const n of [500, 2000]) {
    it.each(Object.keys(cases))(
      `%s, n = ${n}`,
      (name) => {
        let failed = 0;
        for (let run = 0; run < measureRuns; run++) {
          const [columns, options] = cases[name]!();
          const trainingSeed = Math.floor(random() * 2 ** 30);
          const stats = new DatasetStatistics();
          stats.addChunk(sample(columns, n, trainingSeed));
          if (contractFailures(inferContract(stats, options), sample(columns, n, trainingSeed + 1_000_003, n)).length > 0) failed++;
        }
        console.log(`${name}, n = ${n}: ${failed} / ${measureRuns} fresh samples failed`);
        expect(failed / measureRuns).toBeLessThan(0.005);
      },
      600_000,
    );
  }
});
