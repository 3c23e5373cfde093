import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatasetStatistics } from './dataset-statistics.ts';
import { inferContract, type InferOptions } from './infer-contract.ts';
import { contractFailures, sample, sources, type ColumnSource } from './sample-distributions.test-data.ts';

// The promise of inference: a fresh sample from the same source as the training data passes the
// inferred contract. Each property draws a source's parameters and a seed, infers from one sample
// and checks an independent sample of the same size with a checker written apart from the
// validator (sample-distributions.test-data.ts).
//
// Passing is a probability, not a certainty: a fresh sample can always be unluckier than any bound
// allows. The bounds aim at well under one failure in a thousand samples (measured over thousands
// of samples per source; see docs/contracts.md), so the runs here use a fixed seed to keep the
// suite deterministic. Set BALLAST_PROPERTY_SEED to explore other draws.

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
}

describe('an inferred contract passes a fresh sample from the same source', () => {
  it('normal', () => {
    const params = fc.record({ mean: fc.double({ min: -1e4, max: 1e4, noNaN: true }), sd: fc.double({ min: 1e-3, max: 1e4, noNaN: true }) });
    fc.assert(fc.property(params, rows, sampleSeed, ({ mean, sd }, n, s) => freshSamplePasses({ x: sources.normal(mean, sd) }, n, s)), runs);
  });

  it('log-normal', () => {
    const params = fc.record({ mu: fc.double({ min: -3, max: 8, noNaN: true }), sigma: fc.double({ min: 0.1, max: 1.5, noNaN: true }) });
    fc.assert(fc.property(params, rows, sampleSeed, ({ mu, sigma }, n, s) => freshSamplePasses({ x: sources.logNormal(mu, sigma) }, n, s)), runs);
  });

  it('uniform integers, from a coin to a wide range', () => {
    const params = fc.record({ low: fc.integer({ min: -1000, max: 1000 }), width: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 21, max: 1_000_000 })) });
    fc.assert(fc.property(params, rows, sampleSeed, ({ low, width }, n, s) => freshSamplePasses({ x: sources.uniformInteger(low, width) }, n, s)), runs);
  });

  it('counts (Poisson), whose extremes are discrete', () => {
    fc.assert(fc.property(fc.double({ min: 0.1, max: 60, noNaN: true }), rows, sampleSeed, (lambda, n, s) => freshSamplePasses({ x: sources.poisson(lambda) }, n, s)), runs);
  });

  it('a category with skewed frequencies', () => {
    const params = fc.record({ k: fc.integer({ min: 2, max: 15 }), skew: fc.double({ min: 0, max: 2.5, noNaN: true }) });
    fc.assert(
      fc.property(params, rows, sampleSeed, ({ k, skew }, n, s) => {
        // Zipf weights with a floor: a value rarer than about 1 in 100k rows is out of reach of any sample.
        const zipf = Array.from({ length: k }, (_, i) => 1 / (i + 1) ** skew);
        const total = zipf.reduce((a, b) => a + b, 0);
        const weights = zipf.map((w) => (0.9 * w) / total + 0.1 / k);
        freshSamplePasses({ x: sources.categorical(zipf.map((_, i) => `v${i}`), weights) }, n, s);
      }),
      runs,
    );
  });

  it('columns with missing values', () => {
    // At least 12 missing values expected in the smallest sample: a column missing more rarely than
    // that may show none, and is then inferred not nullable (see docs/contracts.md).
    const params = fc.record({ share: fc.double({ min: 0.04, max: 0.6, noNaN: true }), kind: fc.constantFrom('normal', 'category', 'integer', 'boolean') });
    fc.assert(
      fc.property(params, rows, sampleSeed, ({ share, kind }, n, s) => {
        const base = { normal: sources.normal(10, 3), category: sources.categorical(['a', 'b', 'c'], [5, 3, 2]), integer: sources.uniformInteger(0, 9), boolean: sources.boolean(0.3) }[kind];
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
