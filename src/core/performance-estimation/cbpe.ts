/**
 * Confidence-based performance estimation (CBPE), as NannyML 0.13 does it: fitted on a labelled reference,
 * it estimates a classifier's metrics on chunks of data without labels, from calibrated scores.
 *
 * Fit: a calibration map per class (isotonic, when it helps — see calibration.ts), the sampling-error
 * components of each metric, and alert thresholds from the metric's realised values on reference chunks.
 * Estimate: per chunk, calibrate the scores (multiclass: per class, then rescaled to sum to 1), read the
 * metrics off the expected confusion matrix, and put the realised value beside it where the chunk has labels.
 */
import { alertThresholds, outsideThresholds, type Thresholds } from './alert-thresholds.ts';
import { fitCalibration } from './calibration.ts';
import { chunkRanges, type Chunking } from './chunks.ts';
import { estimateBinary, estimateMulticlass } from './expected-metrics.ts';
import { predictIsotonic, type IsotonicFit } from './isotonic.ts';
import type { CbpeMetric } from './metric-names.ts';
import { realizedMetric as defaultRealized, type LabelledRows, type RealizedMetric } from './realized-metrics.ts';
import { fitSamplingError, samplingError, type SamplingErrorComponents } from './sampling-error.ts';

/** A classifier's outputs, columnar. Classes are indices 0..classCount-1 (binary: 0 negative, 1 positive). */
export interface ClassifierOutputs {
  readonly classCount: number;
  /** Binary: one array, the positive class's score. Multiclass: one array per class. */
  readonly scores: ReadonlyArray<Float64Array>;
  readonly predictions: Int32Array;
  /** The true class per row, -1 where the row has no label; null when no row has one. */
  readonly labels: Int32Array | null;
}

/** Reference rows as typed arrays, so chunks are views rather than copies. */
interface TypedRows extends LabelledRows {
  readonly labels: Int32Array;
  readonly predictions: Int32Array;
  readonly scores: ReadonlyArray<Float64Array>;
}

export interface CbpeModel {
  readonly classCount: number;
  readonly multiclass: boolean;
  readonly metrics: readonly CbpeMetric[];
  readonly chunking: Chunking;
  /** Per class (binary: one), the isotonic map, or null where the scores are kept as they are. */
  readonly calibration: ReadonlyArray<IsotonicFit | null>;
  readonly samplingError: Readonly<Record<string, SamplingErrorComponents>>;
  readonly thresholds: Readonly<Record<string, Thresholds>>;
}

export interface MetricEstimate {
  readonly estimated: number | null;
  readonly realized: number | null;
  readonly sampling_error: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly alert: boolean;
}

export interface ChunkEstimate {
  readonly start: number;
  readonly end: number;
  readonly rows: number;
  readonly labelled_rows: number;
  readonly metrics: Record<string, MetricEstimate>;
}

export interface CbpeOptions {
  readonly metrics: readonly CbpeMetric[];
  readonly chunking: Chunking;
  /** The realised metric (the exact metrics of src/core/performance/ once merged). */
  readonly realized?: RealizedMetric;
}

export function fitCbpe(reference: ClassifierOutputs, options: CbpeOptions): CbpeModel {
  const { labels } = reference;
  if (labels === null || labels.some((l) => l < 0)) throw new RangeError('the reference needs a label on every row');
  const multiclass = reference.scores.length > 1;
  const realized = options.realized ?? defaultRealized;
  const rows: TypedRows = { labels, predictions: reference.predictions, scores: reference.scores };
  const calibration = multiclass
    ? reference.scores.map((s, k) =>
        fitCalibration(
          Int32Array.from(labels, (l) => (l === k ? 1 : 0)),
          s,
        ),
      )
    : [fitCalibration(labels, reference.scores[0]!)];
  const samplingComponents: Record<string, SamplingErrorComponents> = {};
  const thresholds: Record<string, Thresholds> = {};
  const referenceChunks = chunkRanges(labels.length, options.chunking);
  for (const metric of options.metrics) {
    samplingComponents[metric] = fitSamplingError(metric, rows, reference.classCount);
    thresholds[metric] = alertThresholds(
      referenceChunks.map((r) => realized(metric, sliceRows(rows, r.start, r.end + 1), reference.classCount)),
    );
  }
  return {
    classCount: reference.classCount,
    multiclass,
    metrics: options.metrics,
    chunking: options.chunking,
    calibration,
    samplingError: samplingComponents,
    thresholds,
  };
}

/** Calibrated probabilities per class; multiclass rows rescaled to sum to 1 (uniform when they sum to 0). */
export function calibrate(model: CbpeModel, scores: ReadonlyArray<Float64Array>): Float64Array[] {
  const calibrated = scores.map((s, k) => {
    const fit = model.calibration[k];
    return fit ? s.map((x) => predictIsotonic(fit, x)) : Float64Array.from(s);
  });
  if (!model.multiclass) return calibrated;
  const n = scores[0]!.length;
  const k = calibrated.length;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (const c of calibrated) sum += c[i]!;
    for (const c of calibrated) c[i] = sum === 0 ? 1 / k : c[i]! / sum;
  }
  return calibrated;
}

export function estimateCbpe(model: CbpeModel, analysis: ClassifierOutputs, realized: RealizedMetric = defaultRealized): ChunkEstimate[] {
  const calibrated = calibrate(model, analysis.scores);
  const n = analysis.predictions.length;
  return chunkRanges(n, model.chunking).map(({ start, end }) => {
    const stop = end + 1;
    const chunkScores = analysis.scores.map((s) => s.subarray(start, stop));
    const chunkCalibrated = calibrated.map((c) => c.subarray(start, stop));
    const predictions = analysis.predictions.subarray(start, stop);
    const labelled = labelledRows(analysis, start, stop);
    const metrics: Record<string, MetricEstimate> = {};
    for (const metric of model.metrics) {
      const estimate = model.multiclass
        ? estimateMulticlass(metric, chunkCalibrated, predictions, chunkScores)
        : estimateBinary(metric, chunkCalibrated[0]!, predictions, chunkScores[0]!);
      const estimated = finite(estimate);
      const t = model.thresholds[metric]!;
      metrics[metric] = {
        estimated,
        realized: labelled.labels.length > 0 ? finite(realized(metric, labelled, model.classCount)) : null,
        sampling_error: finite(samplingError(model.samplingError[metric]!, stop - start)),
        lower: t.lower,
        upper: t.upper,
        alert: outsideThresholds(estimated, t),
      };
    }
    return { start, end, rows: stop - start, labelled_rows: labelled.labels.length, metrics };
  });
}

function finite(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}

function sliceRows(rows: TypedRows, start: number, stop: number): LabelledRows {
  return {
    labels: rows.labels.subarray(start, stop),
    predictions: rows.predictions.subarray(start, stop),
    scores: rows.scores.map((s) => s.subarray(start, stop)),
  };
}

/** The rows of [start, stop) that carry a label, the only ones a realised metric can use. */
function labelledRows(data: ClassifierOutputs, start: number, stop: number): LabelledRows {
  const labels: number[] = [];
  const predictions: number[] = [];
  const scores: number[][] = data.scores.map(() => []);
  if (data.labels) {
    for (let i = start; i < stop; i++) {
      if (data.labels[i]! < 0) continue;
      labels.push(data.labels[i]!);
      predictions.push(data.predictions[i]!);
      data.scores.forEach((s, k) => scores[k]!.push(s[i]!));
    }
  }
  return { labels, predictions, scores };
}
