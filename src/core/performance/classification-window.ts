/**
 * What one monitoring window keeps of its labelled classifications so that every classification metric
 * can be computed later, and windows (or the same window on several replicas) merge:
 *   - the confusion matrix (counts: exact merge) → accuracy, balanced accuracy, precision, recall, F1;
 *   - the sums of the per-row log-loss and Brier terms (exact merge up to float rounding);
 *   - calibration bin sums (exact merge);
 *   - one score histogram per scored class (the positive class for two classes, every class for more)
 *     → ROC AUC and average precision with a stated error bound (see score-histogram.ts).
 * Every value but ROC AUC and AP equals the exact metric on the same rows within float rounding (the
 * tests compare with the sklearn fixtures at 1e-9). The state is plain JSON (snake_case, as on the wire).
 */
import { IssueCollector, type Issue, type IssuePath } from '../issues.ts';
import { brierScale, brierTerm } from './brier-score.ts';
import { CalibrationBins, type CalibrationBinsState, calibrationTarget, DEFAULT_CALIBRATION_BINS } from './calibration.ts';
import { type ClassificationMetrics, labelMetrics } from './classification-metrics.ts';
import { checkProbabilityRow, classIndex, type Label } from './classification-input.ts';
import { logLossTerm } from './log-loss.ts';
import { scoredClasses } from './ranking-metrics.ts';
import { DEFAULT_SCORE_BINS, ScoreHistogram, type ScoreHistogramState } from './score-histogram.ts';

export interface ClassificationWindowState {
  classes: Label[];
  count: number;
  /** confusion[true class][predicted class]. */
  confusion: number[][];
  log_loss_sum: number;
  brier_sum: number;
  calibration: CalibrationBinsState;
  /** One per scored class, in scoredClasses(k) order. */
  score_histograms: ScoreHistogramState[];
}

/** The window's metrics: the same shape as the exact ones, ROC AUC and AP from the histograms. */
export type ClassificationWindowMetrics = ClassificationMetrics;

export interface ClassificationWindowOptions {
  calibrationBins?: number;
  scoreBins?: number;
}

export class ClassificationWindow {
  readonly classes: readonly Label[];
  private readonly index: Map<Label, number>;
  private readonly k: number;
  private rows = 0;
  private readonly confusion: number[][];
  private logLossSum = 0;
  private brierSum = 0;
  private readonly calibrationBins: CalibrationBins;
  /** The classes with a score histogram, and the histograms in the same order. */
  private readonly scored: readonly number[];
  private readonly histograms: ScoreHistogram[];

  constructor(classes: readonly Label[], options: ClassificationWindowOptions = {}) {
    const problems: Issue[] = [];
    this.index = classIndex(classes, (path, message) => problems.push({ code: 'invalid_value', path, message }));
    if (problems.length > 0) throw new RangeError(`classes ${problems[0]!.message}`);
    this.classes = Object.freeze([...classes]);
    this.k = classes.length;
    this.confusion = Array.from({ length: this.k }, () => new Array<number>(this.k).fill(0));
    this.calibrationBins = new CalibrationBins(options.calibrationBins ?? DEFAULT_CALIBRATION_BINS);
    this.scored = scoredClasses(this.k);
    this.histograms = this.scored.map(() => new ScoreHistogram(options.scoreBins ?? DEFAULT_SCORE_BINS));
  }

  get count(): number {
    return this.rows;
  }

  /**
   * Adds one labelled prediction, or nothing: the issues (a label the model does not know, a bad
   * probability row) are returned and the window is left as it was, so one bad item never half-counts.
   */
  add(trueLabel: Label, predictedLabel: Label, probabilities: readonly number[], path: IssuePath = []): Issue[] {
    const collector = new IssueCollector();
    const report = (at: IssuePath, message: string): void => collector.report('invalid_value', at, message);
    const truth = this.index.get(trueLabel);
    const predicted = this.index.get(predictedLabel);
    if (truth === undefined) report([...path, 'label'], `${JSON.stringify(trueLabel)} is not one of the model's classes`);
    if (predicted === undefined)
      report([...path, 'predicted_label'], `${JSON.stringify(predictedLabel)} is not one of the model's classes`);
    checkProbabilityRow(probabilities, this.k, [...path, 'probabilities'], report);
    if (collector.count > 0) return [...collector.issues];
    this.rows += 1;
    this.confusion[truth!]![predicted!]! += 1;
    this.logLossSum += logLossTerm(probabilities[truth!]!);
    this.brierSum += brierTerm(probabilities, 0, this.k, truth!);
    const { probability, positive } = calibrationTarget(probabilities, 0, this.k, truth!);
    this.calibrationBins.add(probability, positive);
    for (let i = 0; i < this.scored.length; i++) this.histograms[i]!.add(probabilities[this.scored[i]!]!, truth === this.scored[i]);
    return [];
  }

  merge(other: ClassificationWindow): this {
    if (!sameClasses(this.classes, other.classes)) throw new RangeError('cannot merge windows of classifiers with different classes');
    this.rows += other.rows;
    for (let i = 0; i < this.k; i++) for (let j = 0; j < this.k; j++) this.confusion[i]![j]! += other.confusion[i]![j]!;
    this.logLossSum += other.logLossSum;
    this.brierSum += other.brierSum;
    this.calibrationBins.merge(other.calibrationBins);
    this.histograms.forEach((h, i) => h.merge(other.histograms[i]!));
    return this;
  }

  metrics(): ClassificationWindowMetrics {
    const n = this.rows;
    const empty = n === 0;
    const nan = { precision: Number.NaN, recall: Number.NaN, f1: Number.NaN };
    const aucs = this.histograms.map((h) => h.rocAuc());
    const aps = this.histograms.map((h) => h.averagePrecision());
    const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
    const calibration = this.calibrationBins.summary();
    return {
      rows: n,
      // An empty matrix gives 0 for the zero_division ratios; an empty window has no metrics at all.
      ...(empty
        ? { accuracy: Number.NaN, balanced_accuracy: Number.NaN, ...nan, specificity: Number.NaN, macro: nan, weighted: nan }
        : labelMetrics(this.confusion)),
      roc_auc: mean(aucs.map((a) => a.value)),
      roc_auc_error_bound: mean(aucs.map((a) => a.errorBound)),
      average_precision: empty ? Number.NaN : mean(aps.map((a) => a.value)),
      average_precision_error_bound: empty ? Number.NaN : mean(aps.map((a) => a.errorBound)),
      log_loss: this.logLossSum / n,
      brier: (brierScale(this.k) * this.brierSum) / n,
      ece: calibration.ece,
      mce: calibration.mce,
      reliability: calibration.points.map((p) => ({
        bin: p.bin,
        lower: p.lower,
        upper: p.upper,
        count: p.count,
        mean_predicted: p.meanPredicted,
        observed_frequency: p.observedFrequency,
      })),
      confusion_matrix: { classes: [...this.classes], counts: this.confusion.map((row) => [...row]) },
    };
  }

  toJSON(): ClassificationWindowState {
    return {
      classes: [...this.classes],
      count: this.rows,
      confusion: this.confusion.map((row) => [...row]),
      log_loss_sum: this.logLossSum,
      brier_sum: this.brierSum,
      calibration: this.calibrationBins.toJSON(),
      score_histograms: this.histograms.map((h) => h.toJSON()),
    };
  }

  static fromJSON(s: ClassificationWindowState): ClassificationWindow {
    const calibration = CalibrationBins.fromJSON(s.calibration);
    const histograms = s.score_histograms.map((h) => ScoreHistogram.fromJSON(h));
    const window = new ClassificationWindow(s.classes, {
      calibrationBins: calibration.bins,
      scoreBins: histograms[0]?.bins ?? DEFAULT_SCORE_BINS,
    });
    const k = s.classes.length;
    if (s.confusion.length !== k || s.confusion.some((row) => row.length !== k))
      throw new RangeError(`window state's confusion matrix is not ${k}×${k}`);
    if (histograms.length !== window.histograms.length)
      throw new RangeError(`window state has ${histograms.length} score histograms, ${window.histograms.length} expected`);
    const total = s.confusion.flat().reduce((a, b) => a + b, 0);
    if (total !== s.count) throw new RangeError(`window state's confusion matrix counts ${total} rows, its count ${s.count}`);
    window.rows = s.count;
    s.confusion.forEach((row, i) => row.forEach((c, j) => (window.confusion[i]![j] = c)));
    window.logLossSum = s.log_loss_sum;
    window.brierSum = s.brier_sum;
    window.calibrationBins.merge(calibration);
    histograms.forEach((h, i) => window.histograms[i]!.merge(h));
    return window;
  }
}

function sameClasses(a: readonly Label[], b: readonly Label[]): boolean {
  return a.length === b.length && a.every((label, i) => label === b[i]);
}
