/**
 * The online form of CBPE: a model version's labelled reference, fitted once, estimates the performance of
 * one monitoring window of its predictions before their labels arrive.
 *
 * Class order: the version signature's classes; a binary window's one score array is the probability of
 * the second class (classes[1], the positive class — for the 0/1 and false/true classes models are trained
 * on, the one the offline `ballast performance` also takes as positive).
 *
 * Alert bands. NannyML sets them from the metric's realised values on reference chunks of the same size as
 * the analysis chunks, so the band's width matches the noise of a chunk that size. Online windows differ in
 * size (traffic rises and falls), so the reference is cut, per window, into chunks of about the window's row
 * count: the count rounded to two significant digits (1,187 rows → chunks of 1,200), which changes the
 * band's width by at most ~2.5% (a metric's spread goes as 1/√n) and lets windows of similar size share one
 * computation. The chunk is capped at a fifth of the reference, so a window larger than that is judged
 * against at least five reference chunks: its band is then wider than its own noise (fewer alerts, never
 * more). Calibration and the sampling-error components do not depend on the chunk size and are fitted once.
 */
import { alertThresholds, type Thresholds } from '../../core/performance-estimation/alert-thresholds.ts';
import {
  estimateCbpe,
  fitCbpe,
  type CbpeModel,
  type ClassifierOutputs,
  type MetricEstimate,
} from '../../core/performance-estimation/cbpe.ts';
import { chunkRanges } from '../../core/performance-estimation/chunks.ts';
import { CBPE_METRICS } from '../../core/performance-estimation/metric-names.ts';
import { realizedMetric } from '../../core/performance-estimation/realized-metrics.ts';
import type { LabelledReference } from '../../store/labelled-reference-repository.ts';
import type { Repositories } from '../../store/store.ts';

/** Estimates one window: every CBPE metric with its sampling error, alert band and (where labels came) realised value. */
export type WindowEstimator = (outputs: ClassifierOutputs) => Record<string, MetricEstimate>;

/** A window larger than this share of the reference is judged against chunks of this share (see above). */
const MIN_REFERENCE_CHUNKS = 5;
/** Chunk sizes whose bands are kept per version; past this many the oldest are dropped. */
const MAX_CACHED_SIZES = 256;

interface FittedVersion {
  /** The reference's id: a replaced reference has a new one, and the fit is made again. */
  readonly referenceId: string;
  readonly reference: ClassifierOutputs;
  readonly model: CbpeModel;
  readonly thresholds: Map<number, Record<string, Thresholds>>;
}

/** Per store (tests open many), per version id. */
const fits = new WeakMap<object, Map<string, FittedVersion>>();

/**
 * The estimator of a version's windows, or undefined when it has no labelled reference. The fit is cached
 * per store and version, and checked against the stored reference's id on every call, so a reference
 * replaced (by this process or another, `ballast models reference`) is fitted again on the next call.
 */
export async function versionEstimator(
  store: Pick<Repositories, 'labelledReferences'>,
  versionId: string,
): Promise<(WindowEstimator & { readonly referenceRows: number }) | undefined> {
  let cache = fits.get(store);
  if (cache === undefined) fits.set(store, (cache = new Map()));
  const summary = await store.labelledReferences.findSummary(versionId);
  if (summary === undefined) {
    cache.delete(versionId);
    return undefined;
  }
  let fitted = cache.get(versionId);
  if (fitted?.referenceId !== summary.id) {
    const reference = await store.labelledReferences.find(versionId);
    if (reference === undefined) return undefined; // removed between the two reads
    fitted = fitVersion(reference);
    cache.set(versionId, fitted);
  }
  const version = fitted;
  return Object.assign((outputs: ClassifierOutputs) => estimateWindow(version, outputs), { referenceRows: summary.rows });
}

/** The stored rows in CBPE's form: binary keeps the positive (second) class's score only. */
function referenceOutputs(reference: LabelledReference): ClassifierOutputs {
  const classCount = reference.classes.length;
  return {
    classCount,
    scores: classCount === 2 ? [reference.scores[1]!] : reference.scores,
    predictions: reference.predictions,
    labels: reference.labels,
  };
}

function fitVersion(reference: LabelledReference): FittedVersion {
  const outputs = referenceOutputs(reference);
  // Thresholds here come from one chunk (the whole reference) and are never used: estimateWindow sets its own.
  const model = fitCbpe(outputs, { metrics: CBPE_METRICS, chunking: { size: reference.rows } });
  return { referenceId: reference.id, reference: outputs, model, thresholds: new Map() };
}

/** About the window's row count (two significant digits), at most a fifth of the reference. */
function referenceChunkSize(windowRows: number, referenceRows: number): number {
  const step = windowRows < 100 ? 1 : 10 ** (Math.floor(Math.log10(windowRows)) - 1);
  const rounded = Math.max(1, Math.round(windowRows / step) * step);
  return Math.max(1, Math.min(rounded, Math.floor(referenceRows / MIN_REFERENCE_CHUNKS)));
}

/** NannyML's bands for chunks of `size` rows: mean ± 3 std of the realised metric over the reference's chunks. */
function thresholdsFor(version: FittedVersion, size: number): Record<string, Thresholds> {
  const known = version.thresholds.get(size);
  if (known) return known;
  const { reference } = version;
  const labels = reference.labels!;
  const chunks = chunkRanges(labels.length, { size });
  const out: Record<string, Thresholds> = {};
  for (const metric of version.model.metrics) {
    out[metric] = alertThresholds(
      chunks.map(({ start, end }) =>
        realizedMetric(
          metric,
          {
            labels: labels.subarray(start, end + 1),
            predictions: reference.predictions.subarray(start, end + 1),
            scores: reference.scores.map((s) => s.subarray(start, end + 1)),
          },
          reference.classCount,
        ),
      ),
    );
  }
  if (version.thresholds.size >= MAX_CACHED_SIZES) version.thresholds.delete(version.thresholds.keys().next().value!);
  version.thresholds.set(size, out);
  return out;
}

/** One chunk, the whole window; a window without rows has nothing to estimate. */
function estimateWindow(version: FittedVersion, outputs: ClassifierOutputs): Record<string, MetricEstimate> {
  const { model } = version;
  if (outputs.classCount !== model.classCount || outputs.scores.length !== version.reference.scores.length) {
    throw new RangeError(
      `the window has ${outputs.classCount} classes and ${outputs.scores.length} score arrays; the reference has ${model.classCount} and ${version.reference.scores.length}`,
    );
  }
  const rows = outputs.predictions.length;
  if (rows === 0) return {};
  const thresholds = thresholdsFor(version, referenceChunkSize(rows, version.reference.predictions.length));
  return estimateCbpe({ ...model, thresholds, chunking: { count: 1 } }, outputs)[0]!.metrics;
}
