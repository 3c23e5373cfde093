import type { Chunking } from '../../core/performance-estimation/chunks.ts';
import {
  estimateCbpe,
  fitCbpe,
  type CbpeModel,
  type ChunkEstimate,
  type ClassifierOutputs,
} from '../../core/performance-estimation/cbpe.ts';
import { CBPE_METRICS, type CbpeMetric } from '../../core/performance-estimation/metric-names.ts';
import type { RealizedMetric } from '../../core/performance-estimation/realized-metrics.ts';
import { BallastError } from '../../core/errors.ts';
import { stat } from 'node:fs/promises';
import type { ClassCodes } from './classifier-columns.ts';
import { readClassifierFile, type ClassifierColumns, type RawClassifierFile } from './classifier-file.ts';
import { readClassifierFileInThread } from './read-classifier-thread.ts';

export interface FilePerformanceOptions extends ClassifierColumns {
  readonly metrics?: readonly CbpeMetric[];
  /** Chunks of ANALYSIS (and of REFERENCE, for the alert thresholds); 10 chunks when absent, as NannyML. */
  readonly chunking?: Chunking;
  readonly realized?: RealizedMetric;
}

/** The `--json` shape of `ballast performance REFERENCE ANALYSIS`. */
export interface PerformanceEstimationReport {
  readonly problem: 'binary' | 'multiclass';
  readonly classes: string[];
  /** Per class (binary: the positive class), whether isotonic calibration was applied. */
  readonly calibrated: boolean[];
  readonly chunks: ChunkEstimate[];
}

/**
 * Estimates a classifier's performance on ANALYSIS chunk by chunk with CBPE fitted on the labelled REFERENCE,
 * both read from files, and puts the realised value beside each estimate where ANALYSIS has labels.
 */
export async function estimatePerformanceBetweenFiles(
  reference: string,
  analysis: string,
  options: FilePerformanceOptions,
): Promise<PerformanceEstimationReport> {
  const multiclass = typeof options.scores !== 'string';
  // Classes in NannyML's order (sorted names); the score columns follow them.
  const columns: ClassifierColumns =
    typeof options.scores === 'string'
      ? options
      : { ...options, scores: [...options.scores].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) };
  const metrics = options.metrics ?? CBPE_METRICS;
  const chunking = options.chunking ?? { count: 10 };
  const classesOf = (ref: RawClassifierFile): string[] =>
    typeof columns.scores === 'string' ? binaryClasses(ref) : columns.scores.map(([c]) => c);
  const { reference: ref, analysis: analysisRead } = await readFiles(reference, analysis, columns);
  // Fitted while the analysis is still being read (on its thread, when large); what goes wrong here is
  // thrown once the analysis is read, after anything wrong with it, in the order of the checks below.
  let fitted: { readonly model: CbpeModel } | { readonly error: unknown };
  try {
    const classes = classesOf(ref);
    checkClassesSeen(ref, classes, multiclass);
    fitted = { model: fitCbpe(toOutputs(ref, classes, options), { metrics, chunking, realized: options.realized }) };
  } catch (error) {
    fitted = { error };
  }
  const ana = await analysisRead;
  const classes = classesOf(ref);
  if ('count' in chunking && (ref.rows < chunking.count || ana.rows < chunking.count)) {
    throw new BallastError('invalid_argument', `cannot cut ${Math.min(ref.rows, ana.rows)} rows into ${chunking.count} chunks`);
  }
  checkClassesSeen(ref, classes, multiclass);
  if ('error' in fitted) throw fitted.error;
  const { model } = fitted;
  const chunks = estimateCbpe(model, toOutputs(ana, classes, options), options.realized);
  return { problem: multiclass ? 'multiclass' : 'binary', classes, calibrated: model.calibration.map((c) => c !== null), chunks };
}

/** A multiclass reference must hold every class among its labels: CBPE calibrates each on labelled rows. */
function checkClassesSeen(ref: RawClassifierFile, classes: readonly string[], multiclass: boolean): void {
  if (!multiclass) return;
  const seen = new Set(ref.labels!.names);
  const absent = classes.filter((c) => !seen.has(c));
  if (absent.length > 0)
    throw new BallastError(
      'invalid_argument',
      `${ref.file}: class${absent.length > 1 ? 'es' : ''} ${absent.map((c) => JSON.stringify(c)).join(', ')} never appear${absent.length > 1 ? '' : 's'} among the reference labels; CBPE calibrates every class on labelled reference rows`,
    );
}

/** Files together above this size are read at the same time on two threads; below it a thread costs more than it saves. */
const THREAD_THRESHOLD_BYTES = 16 * 1024 * 1024;

/**
 * Starts reading REFERENCE and ANALYSIS, large files at the same time (the larger on a thread of its own,
 * the other here), and waits for the reference; the analysis is still being read when it is returned. A bad
 * reference is reported before a bad analysis, as when they are read one after the other.
 */
async function readFiles(
  reference: string,
  analysis: string,
  columns: ClassifierColumns,
): Promise<{ reference: RawClassifierFile; analysis: Promise<RawClassifierFile> }> {
  const [referenceBytes, analysisBytes] = await Promise.all([sizeOf(reference), sizeOf(analysis)]);
  const onThread = fileOnThread(referenceBytes, analysisBytes);
  const read = (file: string, labelRequired: boolean, threaded: boolean): Promise<RawClassifierFile> =>
    threaded ? readClassifierFileInThread({ file, columns, labelRequired }) : readClassifierFile(file, columns, labelRequired);
  const analysisRead = read(analysis, false, onThread === 'analysis');
  analysisRead.catch(() => {}); // awaited by the caller, or below when the reference fails first
  try {
    return { reference: await read(reference, true, onThread === 'reference'), analysis: analysisRead };
  } catch (error) {
    await analysisRead.catch(() => {}); // no read left running behind the error
    throw error;
  }
}

/** Which file to read on a thread of its own (the larger), if any. */
export function fileOnThread(referenceBytes: number, analysisBytes: number): 'reference' | 'analysis' | undefined {
  if (referenceBytes + analysisBytes <= THREAD_THRESHOLD_BYTES) return undefined;
  return referenceBytes > analysisBytes ? 'reference' : 'analysis';
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0; // the reader names the file and the reason
  }
}

/**
 * The two classes of a binary reference, negative first: the positive class is `1` or `true` when one of
 * them is, the larger of the two otherwise (numerically when both are numbers).
 */
function binaryClasses(ref: RawClassifierFile): string[] {
  const seen = ref.labels!.names;
  if (seen.length !== 2) {
    throw new BallastError(
      'invalid_argument',
      `${ref.file}: a single --score column means a binary classifier, but the reference labels hold ${seen.length} class${seen.length === 1 ? '' : 'es'} (${seen
        .slice(0, 5)
        .map((s) => JSON.stringify(s))
        .join(', ')}); give one --score CLASS=COLUMN per class for a multiclass model`,
    );
  }
  const positive = seen.find((s) => s === '1' || s.toLowerCase() === 'true');
  if (positive !== undefined) return [seen.find((s) => s !== positive)!, positive];
  const [a, b] = seen as [string, string];
  const larger = Number.isFinite(Number(a)) && Number.isFinite(Number(b)) ? (Number(a) > Number(b) ? a : b) : a > b ? a : b;
  return [larger === a ? b : a, larger];
}

function toOutputs(file: RawClassifierFile, classes: readonly string[], columns: ClassifierColumns): ClassifierOutputs {
  const index = new Map(classes.map((c, k) => [c, k]));
  const recode = (read: ClassCodes, what: 'label' | 'prediction'): Int32Array => {
    const classOf = Int32Array.from(read.names, (name) => index.get(name) ?? -1);
    const codes = read.codes;
    const out = new Int32Array(codes.length);
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i]!;
      if (code < 0) {
        out[i] = -1; // an unlabelled row
        continue;
      }
      const k = classOf[code]!;
      if (k < 0)
        throw new BallastError(
          'invalid_argument',
          `${file.file}: row ${i + 1}: unknown class ${JSON.stringify(read.names[code])} in the ${what} column "${what === 'label' ? columns.label : columns.prediction}" (the classes are ${classes.map((c) => JSON.stringify(c)).join(', ')})`,
        );
      out[i] = k;
    }
    return out;
  };
  // Predictions before labels: of two unknown classes, the one in the prediction column is named.
  const predictions = recode(file.predictions, 'prediction');
  return { classCount: classes.length, scores: file.scores, predictions, labels: file.labels ? recode(file.labels, 'label') : null };
}
