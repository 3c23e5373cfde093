/**
 * What one (window, model version) group of the performance answer gathers while the prediction log is
 * scanned: row counts, the realised metrics' mergeable state (ClassificationWindow / RegressionWindow of
 * src/core/performance), per-slice counts for the worst slices, and — only when an estimator will read
 * them — the classifier's outputs as CBPE takes them.
 */
import { ClassificationWindow } from '../../core/performance/classification-window.ts';
import { RegressionWindow } from '../../core/performance/regression-window.ts';
import type { SlicePlan } from '../../core/performance/slice-plan.ts';
import type { LabelledSummary, SliceSummary } from '../../core/performance/worst-slices.ts';
import type { ClassifierOutputs } from '../../core/performance-estimation/cbpe.ts';
import type { ClassLabel, OutputSpec } from '../../core/signature.ts';
import { Moments } from '../../core/sketches/moments.ts';

interface MutableSummary {
  labelledRows: number;
  correct: number;
  absoluteErrors: Moments;
}

interface MutableSlice extends MutableSummary {
  readonly column: string;
  readonly slice: string;
  rows: number;
}

const emptySummary = (): MutableSummary => ({ labelledRows: 0, correct: 0, absoluteErrors: new Moments() });

/** A logged prediction as the accumulator reads it. */
export interface LoggedRow {
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly output: Readonly<Record<string, unknown>>;
}

export class WindowAccumulator {
  rows = 0;
  /** Labels that no longer fit the version (a class it does not know, a string for a regressor, an output it cannot read). */
  skippedLabels = 0;
  readonly task: 'classification' | 'regression' | null;
  readonly classification: ClassificationWindow | null;
  readonly regression: RegressionWindow | null;
  readonly overall = emptySummary();
  private readonly slices = new Map<string, MutableSlice>();
  private readonly classIndex: Map<ClassLabel, number>;
  private readonly outputs: { scores: number[][]; predictions: number[]; labels: number[] } | null;

  constructor(
    private readonly output: OutputSpec | undefined,
    private readonly plan: SlicePlan | null,
    collectOutputs: boolean,
  ) {
    const classes = output?.kind === 'regression' ? undefined : output?.classes;
    this.task =
      output === undefined ? null : output.kind === 'regression' ? 'regression' : classes && classes.length >= 2 ? 'classification' : null;
    this.classification = this.task === 'classification' ? new ClassificationWindow(classes!) : null;
    // A fixed seed: the same log read twice gives the same median, whatever else ran before.
    this.regression = this.task === 'regression' ? new RegressionWindow(undefined, 13) : null;
    this.classIndex = new Map((classes ?? []).map((c, i) => [c, i]));
    const k = classes?.length ?? 0;
    this.outputs =
      collectOutputs && this.task === 'classification'
        ? { scores: Array.from({ length: k === 2 ? 1 : k }, () => []), predictions: [], labels: [] }
        : null;
  }

  /** One logged prediction of the group and its current label (undefined when it has none). */
  add(row: LoggedRow, label: ClassLabel | undefined): void {
    this.rows++;
    const counted = label === undefined ? undefined : this.addLabel(row, label);
    if (label !== undefined && counted === undefined) this.skippedLabels++;
    if (this.outputs) this.addOutputs(row, counted === undefined ? -1 : counted.truth);
    if (this.plan === null) return;
    this.plan.columns.forEach((column, i) => {
      const name = this.plan!.sliceOf(i, row.inputs[column.name]);
      const key = `${column.name}\u0000${name}`;
      let slice = this.slices.get(key);
      if (slice === undefined) this.slices.set(key, (slice = { column: column.name, slice: name, rows: 0, ...emptySummary() }));
      slice.rows++;
      if (counted) addTo(slice, counted);
    });
  }

  /** The label counted in the realised metrics, or undefined when it does not fit (then nothing was counted). */
  private addLabel(row: LoggedRow, label: ClassLabel): { truth: number; correct: boolean; absoluteError: number } | undefined {
    const output = row.output;
    if (this.classification) {
      const probabilities = output.probabilities;
      const predicted = output.label as ClassLabel;
      if (!Array.isArray(probabilities)) return undefined;
      if (this.classification.add(label, predicted, probabilities as number[]).length > 0) return undefined;
      const truth = this.classIndex.get(label)!;
      const result = { truth, correct: truth === this.classIndex.get(predicted), absoluteError: 0 };
      addTo(this.overall, result);
      return result;
    }
    if (this.regression) {
      const value = output.value as number;
      if (this.regression.add(label as number, value).length > 0) return undefined;
      const result = { truth: -1, correct: false, absoluteError: Math.abs((label as number) - value) };
      addTo(this.overall, result);
      return result;
    }
    return undefined;
  }

  private addOutputs(row: LoggedRow, truth: number): void {
    const probabilities = row.output.probabilities;
    const predicted = this.classIndex.get(row.output.label as ClassLabel);
    const k = this.classIndex.size;
    // A row whose output cannot be read as the version's classes says nothing to the estimator.
    if (!Array.isArray(probabilities) || probabilities.length !== k || predicted === undefined) return;
    const outputs = this.outputs!;
    if (k === 2) outputs.scores[0]!.push(Number(probabilities[1]));
    else outputs.scores.forEach((scores, c) => scores.push(Number(probabilities[c])));
    outputs.predictions.push(predicted);
    outputs.labels.push(truth);
  }

  /** The classifier's outputs as CBPE reads them; null unless collected. */
  classifierOutputs(): ClassifierOutputs | null {
    if (this.outputs === null) return null;
    const labels = Int32Array.from(this.outputs.labels);
    return {
      classCount: this.classIndex.size,
      scores: this.outputs.scores.map((s) => Float64Array.from(s)),
      predictions: Int32Array.from(this.outputs.predictions),
      labels: labels.some((l) => l >= 0) ? labels : null,
    };
  }

  sliceSummaries(): SliceSummary[] {
    return [...this.slices.values()];
  }

  overallSummary(): LabelledSummary {
    return this.overall;
  }
}

function addTo(summary: MutableSummary, row: { correct: boolean; absoluteError: number }): void {
  summary.labelledRows++;
  if (row.correct) summary.correct++;
  summary.absoluteErrors.add(row.absoluteError);
}
