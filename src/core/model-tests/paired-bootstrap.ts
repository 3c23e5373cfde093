/**
 * The paired bootstrap of a metric's difference between two models answering the same rows: each round
 * resamples the n rows with replacement once and computes both models' metric on that same resample, so
 * the rows that are hard for both cancel out and the interval reflects only how the two differ.
 * difference = tested − other when a higher metric is better, other − tested otherwise (positive: the
 * tested model is better).
 *
 * For metrics of the confusion matrix alone the resample is drawn as counts: n rows fall into the k³
 * cells "true class × tested's label × other's label" as Multinomial(n, cell shares), the same distribution
 * as drawing rows, in time independent of n. Other metrics draw the rows.
 */
import { METRICS, type MetricName } from '../performance/metric-registry.ts';
import { countsMatrix, isCountMetric, metricOfCounts, metricOfRows, type MetricRows, rowCount } from './metric-rows.ts';
import { SeededRandom } from './seeded-random.ts';
import { multinomialDraw } from './binomial-sampler.ts';

/** tested − other oriented so positive means the tested model is better. */
export function betterBy(metric: MetricName, tested: number, other: number): number {
  return METRICS[metric].higherIsBetter ? tested - other : other - tested;
}

/** The oriented difference of each bootstrap round (NaN where a round's metric is undefined). */
export function pairedBootstrap(metric: MetricName, tested: MetricRows, other: MetricRows, rounds: number, seed: number): Float64Array {
  const random = new SeededRandom(seed);
  const out = new Float64Array(rounds);
  if (tested.task === 'classification' && other.task === 'classification' && isCountMetric(metric)) {
    const k = tested.k;
    const cells = new Float64Array(k * k * k);
    for (let row = 0; row < tested.truth.length; row++)
      cells[(tested.truth[row]! * k + tested.predicted[row]!) * k + other.predicted[row]!]! += 1;
    const drawn = new Float64Array(cells.length);
    const testedCounts = new Float64Array(k * k);
    const otherCounts = new Float64Array(k * k);
    for (let round = 0; round < rounds; round++) {
      multinomialDraw(random, tested.truth.length, cells, drawn);
      testedCounts.fill(0);
      otherCounts.fill(0);
      for (let t = 0; t < k; t++)
        for (let a = 0; a < k; a++)
          for (let b = 0; b < k; b++) {
            const count = drawn[(t * k + a) * k + b]!;
            testedCounts[t * k + a]! += count;
            otherCounts[t * k + b]! += count;
          }
      out[round] = betterBy(
        metric,
        metricOfCounts(metric, countsMatrix(testedCounts, k, 0)),
        metricOfCounts(metric, countsMatrix(otherCounts, k, 0)),
      );
    }
    return out;
  }
  const n = rowCount(tested);
  const resample = new Int32Array(n);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < n; i++) resample[i] = random.nextInt(n);
    out[round] = betterBy(metric, metricOfRows(metric, tested, resample), metricOfRows(metric, other, resample));
  }
  return out;
}
