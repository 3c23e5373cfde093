import fc from 'fast-check';
import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { BoundCounter, BoundHistogram } from './bound-metrics.ts';

/** One exposition line per sample, its labels sorted (prom-client prints `le` last, these first; Prometheus reads either). */
function samples(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) =>
      line.replace(
        /\{([^}]*)\}/,
        (_, labels: string) =>
          `{${labels
            .split(/,(?=[a-z_]+=")/)
            .sort()
            .join(',')}}`,
      ),
    )
    .sort();
}

const buckets = [0.001, 0.01, 0.1, 1];
const labelNames = ['deployment', 'version'];

describe('BoundCounter and BoundHistogram', () => {
  it('export exactly what prom-client exports for the same updates', async () => {
    const label = fc.constantFrom('credit', 'fraud', 'a "quoted"\\ name\n');
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            deployment: label,
            version: fc.constantFrom('1', '2'),
            value: fc.double({ min: 0, max: 5, noNaN: true }),
            by: fc.integer({ min: 1, max: 9 }),
          }),
          { maxLength: 40 },
        ),
        async (updates) => {
          const reference = new Registry();
          const mine = new Registry();
          const counter = new Counter({ name: 'x_total', help: 'count', labelNames, registers: [reference] });
          const histogram = new Histogram({ name: 'x_seconds', help: 'time', labelNames, buckets, registers: [reference] });
          const boundCounter = new BoundCounter({ name: 'x_total', help: 'count', labelNames, registers: [mine] });
          const boundHistogram = new BoundHistogram({
            name: 'x_seconds',
            help: 'time',
            labelNames,
            buckets: [...buckets].reverse(),
            registers: [mine],
          });
          for (const { deployment, version, value, by } of updates) {
            counter.inc({ deployment, version }, by);
            histogram.observe({ deployment, version }, value);
            boundCounter.bind(deployment, version).inc(by);
            boundHistogram.bind(deployment, version).observe(value);
          }
          expect(samples(await mine.metrics())).toEqual(samples(await reference.metrics()));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('counts a value equal to a bucket bound in that bucket, and one above every bound only in +Inf', async () => {
    const registry = new Registry();
    const histogram = new BoundHistogram({ name: 'h', help: 'h', labelNames: [], buckets: [1, 2], registers: [registry] });
    const bound = histogram.bind();
    for (const value of [1, 2, 3]) bound.observe(value);
    const text = await registry.metrics();
    expect(text).toContain('h_bucket{le="1"} 1');
    expect(text).toContain('h_bucket{le="2"} 2');
    expect(text).toContain('h_bucket{le="+Inf"} 3');
    expect(text).toContain('h_sum 6');
    expect(() => bound.observe(Number.NaN)).toThrow(/not a valid number/);
  });

  it('refuses the wrong number of label values, and starts again from nothing after a registry reset', async () => {
    const registry = new Registry();
    const counter = new BoundCounter({ name: 'c_total', help: 'c', labelNames: ['a', 'b'], registers: [registry] });
    expect(() => counter.bind('only-one')).toThrow(/2 label values/);
    counter.bind('x', 'y').inc(3);
    expect(await registry.metrics()).toContain('c_total{a="x",b="y"} 3');
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('c_total{');
    counter.bind('x', 'y').inc();
    expect(await registry.metrics()).toContain('c_total{a="x",b="y"} 1');
  });
});
