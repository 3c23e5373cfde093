/**
 * Calibration on equal-width bins: reliability-diagram points, expected and maximum calibration error.
 *
 * What is binned: for two classes, the positive class's probability against whether the row is
 * positive (scikit-learn's calibration_curve); for more classes, the top-label confidence max_k p_k
 * against whether the most probable class (the first, on ties, as numpy's argmax) was the true one
 * (Guo et al., 2017) — sklearn has no multiclass curve, so the fixtures check this as calibration_curve
 * on (correct, confidence).
 *
 * Bins: B equal-width bins on [0, 1] with sklearn's edge convention: interior edges e_i = i·(1/B)
 * (np.linspace, so 0.30000000000000004 for i = 3 of 10) and a value's bin is the number of interior
 * edges strictly below it (np.searchsorted(..., side="left")). So bins are right-closed: bin 0 is
 * [0, 0.1], bin i is (e_i, e_{i+1}], and a score of exactly 0.2 falls in bin 1, not bin 2. (This is the
 * opposite of Ballast's left-closed FixedHistogram, on purpose: it matches sklearn.)
 *
 * Per non-empty bin b with n_b rows: mean predicted probability conf_b = Σp / n_b and observed frequency
 * acc_b = positives / n_b (sklearn's prob_pred and prob_true).
 *   ECE = Σ_b (n_b / n) · |conf_b − acc_b|   (over non-empty bins)
 *   MCE = max_b |conf_b − acc_b|               (over non-empty bins)
 * Empty bins have no point and take no part. The state is three sums per bin, so it merges exactly.
 */
import {
  type ClassificationInput,
  encodeClassification,
  type EncodedClassification,
  requireProbabilities,
} from './classification-input.ts';

export const DEFAULT_CALIBRATION_BINS = 10;

export interface ReliabilityPoint {
  /** Bin index, 0 … bins − 1. */
  readonly bin: number;
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  /** Mean predicted probability in the bin (sklearn's prob_pred). */
  readonly meanPredicted: number;
  /** Share of positive (or correct) rows in the bin (sklearn's prob_true). */
  readonly observedFrequency: number;
}

export interface CalibrationSummary {
  readonly ece: number;
  readonly mce: number;
  readonly points: readonly ReliabilityPoint[];
}

export interface CalibrationBinsState {
  bins: number;
  counts: number[];
  probability_sums: number[];
  positive_counts: number[];
}

/** The interior edges as np.linspace(0, 1, bins + 1)[1:-1] computes them. */
export function calibrationEdges(bins: number): Float64Array {
  const step = 1 / bins;
  const edges = new Float64Array(bins - 1);
  for (let i = 1; i < bins; i++) edges[i - 1] = i * step;
  return edges;
}

export class CalibrationBins {
  readonly bins: number;
  readonly counts: Float64Array;
  readonly probabilitySums: Float64Array;
  readonly positiveCounts: Float64Array;
  private readonly edges: Float64Array;

  constructor(bins = DEFAULT_CALIBRATION_BINS) {
    if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`calibration needs a whole number of bins, got ${bins}`);
    this.bins = bins;
    this.edges = calibrationEdges(bins);
    this.counts = new Float64Array(bins);
    this.probabilitySums = new Float64Array(bins);
    this.positiveCounts = new Float64Array(bins);
  }

  /** The number of interior edges strictly below p: sklearn's right-closed bins. */
  binOf(p: number): number {
    let lo = 0;
    let hi = this.edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.edges[mid]! < p) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(probability: number, positive: boolean): void {
    const b = this.binOf(probability);
    this.counts[b]! += 1;
    this.probabilitySums[b]! += probability;
    if (positive) this.positiveCounts[b]! += 1;
  }

  merge(other: CalibrationBins): this {
    if (other.bins !== this.bins) throw new RangeError(`cannot merge calibration bins of ${other.bins} into ${this.bins}`);
    for (let b = 0; b < this.bins; b++) {
      this.counts[b]! += other.counts[b]!;
      this.probabilitySums[b]! += other.probabilitySums[b]!;
      this.positiveCounts[b]! += other.positiveCounts[b]!;
    }
    return this;
  }

  summary(): CalibrationSummary {
    let total = 0;
    for (let b = 0; b < this.bins; b++) total += this.counts[b]!;
    const points: ReliabilityPoint[] = [];
    let ece = 0;
    let mce = 0;
    for (let b = 0; b < this.bins; b++) {
      const count = this.counts[b]!;
      if (count === 0) continue;
      const meanPredicted = this.probabilitySums[b]! / count;
      const observedFrequency = this.positiveCounts[b]! / count;
      const gap = Math.abs(meanPredicted - observedFrequency);
      ece += (count / total) * gap;
      mce = Math.max(mce, gap);
      points.push({
        bin: b,
        lower: b === 0 ? 0 : this.edges[b - 1]!,
        upper: b === this.bins - 1 ? 1 : this.edges[b]!,
        count,
        meanPredicted,
        observedFrequency,
      });
    }
    // No rows: no points, and ECE/MCE are undefined rather than a perfect 0.
    return total === 0 ? { ece: Number.NaN, mce: Number.NaN, points } : { ece, mce, points };
  }

  toJSON(): CalibrationBinsState {
    return {
      bins: this.bins,
      counts: Array.from(this.counts),
      probability_sums: Array.from(this.probabilitySums),
      positive_counts: Array.from(this.positiveCounts),
    };
  }

  static fromJSON(s: CalibrationBinsState): CalibrationBins {
    const out = new CalibrationBins(s.bins);
    for (const [name, values] of [
      ['counts', s.counts],
      ['probability_sums', s.probability_sums],
      ['positive_counts', s.positive_counts],
    ] as const) {
      if (values.length !== s.bins) throw new RangeError(`calibration state has ${values.length} ${name} for ${s.bins} bins`);
    }
    out.counts.set(s.counts);
    out.probabilitySums.set(s.probability_sums);
    out.positiveCounts.set(s.positive_counts);
    return out;
  }
}

/** The probability binned for one row and whether it counts as positive (see the file comment). */
export function calibrationTarget(
  probabilities: ArrayLike<number>,
  offset: number,
  k: number,
  trueClass: number,
): { probability: number; positive: boolean } {
  if (k === 2) return { probability: probabilities[offset + 1]!, positive: trueClass === 1 };
  let top = 0;
  for (let c = 1; c < k; c++) if (probabilities[offset + c]! > probabilities[offset + top]!) top = c;
  return { probability: probabilities[offset + top]!, positive: top === trueClass };
}

export function calibration(input: ClassificationInput, bins = DEFAULT_CALIBRATION_BINS): CalibrationSummary {
  return calibrationOf(encodeClassification(input), bins);
}

export function calibrationOf(data: EncodedClassification, bins = DEFAULT_CALIBRATION_BINS): CalibrationSummary {
  const probabilities = requireProbabilities(data, 'calibration');
  const accumulator = new CalibrationBins(bins);
  for (let row = 0; row < data.n; row++) {
    const { probability, positive } = calibrationTarget(probabilities, row * data.k, data.k, data.truth[row]!);
    accumulator.add(probability, positive);
  }
  return accumulator.summary();
}
