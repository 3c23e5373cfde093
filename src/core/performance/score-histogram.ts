/**
 * The mergeable form of ROC AUC and average precision: for one class, the counts of its positive rows
 * and of its negative rows on B equal-width bins of the score in [0, 1] (bin = min(⌊s·B⌋, B − 1), so
 * 1.0 falls in the top bin). Counts add, so windows and replicas merge exactly; the metrics are then
 * computed as if every score were replaced by its bin, which is exactly sklearn's metric on the
 * binned scores (the fixtures check that), and differs from the metric on the raw scores by at most a
 * bound the histogram computes from its own counts:
 *
 * ROC AUC. AUC = (1 / P·N) Σ over positive–negative pairs of [s⁺ > s⁻] + ½[s⁺ = s⁻]. The bin is a
 * non-decreasing function of the score, so a pair in different bins is ordered the same way by bins as
 * by scores and contributes the same to both. A pair in the same bin contributes ½ to the binned AUC and
 * 0, ½ or 1 to the exact one. Hence
 *     |AUC_hist − AUC_exact| ≤ ½ · Σ_b p_b·n_b / (P·N)           (p_b, n_b: positives, negatives in bin b)
 * — half the share of pairs tied within a bin. It is attained when each bin's positives all score above
 * its negatives (or all below).
 *
 * Average precision. AP = (1/P) Σ over positives of the precision at their threshold group. Thresholds
 * between bins see the same counts binned or not; only the positives in bin b move, and each of them
 * (exactly) sees a precision (a + i)/(d + i + j) with a, d the true and all positives called above bin b,
 * 1 ≤ i ≤ p_b, 0 ≤ j ≤ n_b. Since a ≤ d this rises with i and falls with j, so it lies in
 * [lo_b, hi_b] = [(a + 1)/(d + 1 + n_b), (a + p_b)/(d + p_b)], as does the binned precision
 * H_b = (a + p_b)/(d + p_b + n_b) that all p_b of them get. Hence
 *     |AP_hist − AP_exact| ≤ (1/P) · Σ_b p_b · max(hi_b − H_b, H_b − lo_b).
 *
 * With 1,000 bins and scores spread over [0, 1] both bounds are small (about 1e-3 at n = 400 in the
 * tests); scores piled into a few bins (a model that outputs 0.1234 and 0.1237) can make them large, and
 * the bound says so instead of hiding it.
 */
import { averagePrecisionFromGroups, rocAucFromGroups, type ThresholdGroups } from './threshold-groups.ts';

export const DEFAULT_SCORE_BINS = 1000;

export interface ScoreHistogramState {
  bins: number;
  /** Non-empty bins only, as [bin, count] pairs in ascending bin order. */
  positive: [number, number][];
  negative: [number, number][];
}

export interface EstimateWithBound {
  readonly value: number;
  /** |value − exact| ≤ errorBound, where exact is the metric on the raw scores. */
  readonly errorBound: number;
}

export class ScoreHistogram {
  readonly bins: number;
  readonly positive: Float64Array;
  readonly negative: Float64Array;

  constructor(bins = DEFAULT_SCORE_BINS) {
    if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`a score histogram needs a whole number of bins, got ${bins}`);
    this.bins = bins;
    this.positive = new Float64Array(bins);
    this.negative = new Float64Array(bins);
  }

  /** The bin of a score in [0, 1]: non-decreasing in the score, which the error bounds rely on. */
  binOf(score: number): number {
    return Math.min(Math.floor(score * this.bins), this.bins - 1);
  }

  /** The caller passes a probability in [0, 1] (the input checks refuse anything else). */
  add(score: number, positive: boolean): void {
    const b = this.binOf(score);
    if (positive) this.positive[b]! += 1;
    else this.negative[b]! += 1;
  }

  merge(other: ScoreHistogram): this {
    if (other.bins !== this.bins) throw new RangeError(`cannot merge a score histogram of ${other.bins} bins into one of ${this.bins}`);
    for (let b = 0; b < this.bins; b++) {
      this.positive[b]! += other.positive[b]!;
      this.negative[b]! += other.negative[b]!;
    }
    return this;
  }

  /** One threshold group per non-empty bin, highest bin first. */
  groups(): ThresholdGroups {
    const positives: number[] = [];
    const negatives: number[] = [];
    for (let b = this.bins - 1; b >= 0; b--) {
      if (this.positive[b]! === 0 && this.negative[b]! === 0) continue;
      positives.push(this.positive[b]!);
      negatives.push(this.negative[b]!);
    }
    return { positives: Float64Array.from(positives), negatives: Float64Array.from(negatives) };
  }

  rocAuc(): EstimateWithBound {
    const value = rocAucFromGroups(this.groups());
    if (Number.isNaN(value)) return { value, errorBound: Number.NaN };
    let tiedPairs = 0;
    let positives = 0;
    let negatives = 0;
    for (let b = 0; b < this.bins; b++) {
      tiedPairs += this.positive[b]! * this.negative[b]!;
      positives += this.positive[b]!;
      negatives += this.negative[b]!;
    }
    return { value, errorBound: (0.5 * tiedPairs) / (positives * negatives) };
  }

  averagePrecision(): EstimateWithBound {
    const value = averagePrecisionFromGroups(this.groups());
    let above = 0; // a: positives in higher bins
    let calledAbove = 0; // d: rows in higher bins
    let bound = 0;
    for (let b = this.bins - 1; b >= 0; b--) {
      const p = this.positive[b]!;
      const n = this.negative[b]!;
      if (p > 0) {
        const binned = (above + p) / (calledAbove + p + n);
        const high = (above + p) / (calledAbove + p);
        const low = (above + 1) / (calledAbove + 1 + n);
        bound += p * Math.max(high - binned, binned - low);
      }
      above += p;
      calledAbove += p + n;
    }
    return { value, errorBound: above === 0 ? 0 : bound / above };
  }

  toJSON(): ScoreHistogramState {
    return { bins: this.bins, positive: sparse(this.positive), negative: sparse(this.negative) };
  }

  static fromJSON(s: ScoreHistogramState): ScoreHistogram {
    const out = new ScoreHistogram(s.bins);
    dense(s.positive, out.positive, 'positive');
    dense(s.negative, out.negative, 'negative');
    return out;
  }
}

function sparse(counts: Float64Array): [number, number][] {
  const out: [number, number][] = [];
  for (let b = 0; b < counts.length; b++) if (counts[b]! !== 0) out.push([b, counts[b]!]);
  return out;
}

function dense(pairs: readonly (readonly [number, number])[], into: Float64Array, name: string): void {
  for (const [bin, count] of pairs) {
    if (!Number.isInteger(bin) || bin < 0 || bin >= into.length)
      throw new RangeError(`score histogram state has ${name} bin ${bin} outside 0…${into.length - 1}`);
    if (!(count >= 0)) throw new RangeError(`score histogram state has a negative or missing ${name} count in bin ${bin}`);
    into[bin] = count;
  }
}
