import { stat } from 'node:fs/promises';
import { assessCategoricalColumn } from '../../core/drift/categorical-column-drift.ts';
import { binCounts, quantileEdges } from '../../core/drift/bin-edges.ts';
import { decideDrift, type DriftDecisionOptions } from '../../core/drift/decide-drift.ts';
import type { ColumnDrift, DriftReport, MultivariateDrift } from '../../core/drift/drift-report.ts';
import { assessNumericColumn } from '../../core/drift/numeric-column-drift.ts';
import { numericColumnRole, numericFactsOf } from '../../core/drift/column-roles.ts';
import { multivariateDrift, multivariateUnavailable } from '../../core/drift/multivariate-drift.ts';
import { fitPcaReconstruction, reconstructionErrorMoments } from '../../core/drift/pca-reconstruction.ts';
import { sortedSample, type SortedSample } from '../../core/drift/sorted-sample.ts';
import { BallastError } from '../../core/errors.ts';
import { plural } from '../../core/format-numbers.ts';
import { MAX_DISTINCT_TEXTS, readFileColumns, type FileColumn, type FileColumns } from './file-columns.ts';
import { readFileColumnsInThread } from './read-columns-thread.ts';

export interface FileDriftOptions extends DriftDecisionOptions {
  /** Compare only these columns (all shared columns when absent). */
  readonly columns?: readonly string[];
  /** Bins on the reference's quantiles for PSI, Jensen–Shannon and the plots. */
  readonly bins?: number;
  /** Effect-size thresholds by column name, overriding the method's default. */
  readonly thresholds?: Readonly<Record<string, number>>;
  /** The multivariate check over the numeric columns (PCA reconstruction error); on unless false. */
  readonly multivariate?: boolean;
}

/**
 * Compares every column two files share. The reference decides a column's type: numeric when all its
 * present values are numbers, categorical otherwise (numbers then count as their text). A numeric
 * column with few distinct values is compared as categories, and identifiers and time-like columns
 * are skipped with the reason (core/drift/column-roles.ts). Values of the
 * current data that do not fit the reference's type, and infinities, are left out and named in the
 * column's note; columns on one side only are listed as skipped.
 */
function compareFileColumns(reference: FileColumns, current: FileColumns, options: FileDriftOptions = {}): DriftReport {
  const refByName = new Map(reference.columns.map((c) => [c.name, c]));
  const curByName = new Map(current.columns.map((c) => [c.name, c]));
  if (options.columns) {
    const unknown = options.columns.filter((name) => !refByName.has(name) && !curByName.has(name));
    if (unknown.length > 0)
      throw new BallastError(
        'missing_column',
        `neither file has column${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => JSON.stringify(n)).join(', ')}`,
      );
  }
  const names = options.columns ?? uniqueInOrder([...reference.columns.map((c) => c.name), ...current.columns.map((c) => c.name)]);
  const skipped: { name: string; reason: string }[] = [];
  const assessed: ColumnDrift[] = [];
  const numericColumns: string[] = [];
  for (const name of names) {
    const ref = refByName.get(name);
    const cur = curByName.get(name);
    if (ref === undefined || cur === undefined) {
      skipped.push({ name, reason: ref === undefined ? 'only in the current data' : 'only in the reference' });
      continue;
    }
    const threshold = options.thresholds?.[name];
    if (isCategorical(ref, cur)) {
      const identifier = identifierReason(ref);
      if (identifier !== undefined) {
        skipped.push({ name, reason: identifier });
        continue;
      }
      assessed.push(
        assessCategoricalColumn({
          name,
          reference: categoryCounts(ref),
          current: categoryCounts(cur),
          otherReference: ref.pooledTexts,
          otherCurrent: cur.pooledTexts,
          missingReference: ref.missing,
          missingCurrent: cur.missing,
          threshold,
          notes: infinityNotes(ref, cur),
        }),
      );
      continue;
    }
    const refSample = sortedSample(ref.values);
    const role = numericColumnRole(numericFactsOf(name, ref.values, refSample.values));
    if (role.role === 'skipped') {
      skipped.push({ name, reason: role.reason });
      continue;
    }
    const column =
      role.role === 'categorical'
        ? assessCategoricalColumn({
            name,
            reference: categoryCounts(ref, true),
            current: categoryCounts(cur, true),
            missingReference: ref.missing,
            missingCurrent: cur.missing,
            threshold,
            notes: [role.reason, ...infinityNotes(ref, cur)],
          })
        : assessNumericFileColumn(ref, cur, refSample, options.bins ?? 10, threshold);
    // Few-valued numbers are still numbers: the multivariate check keeps them.
    if (column.n_reference > 1 && column.n_current > 1) numericColumns.push(name);
    assessed.push(column);
  }
  const multivariate = options.multivariate === false ? undefined : pcaDriftOfFiles(refByName, curByName, numericColumns);
  return decideDrift(assessed, options, { multivariate, skipped });
}

/** Rows the multivariate check reads from each file: beyond this its answer no longer changes, only its cost. */
const MULTIVARIATE_MAX_ROWS = 100_000;

/**
 * Fits the PCA on the reference's numeric columns (row-aligned; missing values imputed) and scores
 * the current rows, each side on an evenly spaced sample of at most MULTIVARIATE_MAX_ROWS rows.
 */
function pcaDriftOfFiles(
  ref: ReadonlyMap<string, FileColumn>,
  cur: ReadonlyMap<string, FileColumn>,
  names: readonly string[],
): MultivariateDrift | undefined {
  if (names.length < 2) return undefined;
  const model = fitPcaReconstruction(
    names,
    names.map((n) => evenlySpaced(ref.get(n)!.values, MULTIVARIATE_MAX_ROWS)),
  );
  if ('reason' in model) return multivariateUnavailable(names, `not enough data: ${model.reason}`);
  const drift = multivariateDrift(
    model,
    reconstructionErrorMoments(
      model,
      names,
      names.map((n) => evenlySpaced(cur.get(n)!.values, MULTIVARIATE_MAX_ROWS)),
    ),
  );
  const refRows = ref.get(names[0]!)!.values.length;
  const curRows = cur.get(names[0]!)!.values.length;
  if (refRows <= MULTIVARIATE_MAX_ROWS && curRows <= MULTIVARIATE_MAX_ROWS) return drift;
  const sampled = `on an evenly spaced sample of ${Math.min(refRows, MULTIVARIATE_MAX_ROWS)} reference and ${Math.min(curRows, MULTIVARIATE_MAX_ROWS)} current rows`;
  return { ...drift, note: drift.note ? `${drift.note}; ${sampled}` : sampled };
}

/** Every (n/max)-th value, so a sorted or time-ordered file is sampled across its whole length. */
function evenlySpaced(values: Float64Array, max: number): Float64Array {
  if (values.length <= max) return values;
  const out = new Float64Array(max);
  const step = values.length / max;
  for (let i = 0; i < max; i++) out[i] = values[Math.floor(i * step)]!;
  return out;
}

function uniqueInOrder(names: readonly string[]): string[] {
  return [...new Set(names)];
}

/**
 * A text column where most values are distinct (an id, a free-text field) has no distribution to
 * compare: every current value is "new" and a test over thousands of singletons says nothing.
 */
function identifierReason(column: FileColumn): string | undefined {
  const distinct = column.texts.size + (column.numberTexts?.size ?? 0) + column.pooledTexts;
  const present = column.values.length - column.missing - column.infinite;
  if (distinct > IDENTIFIER_MIN_DISTINCT && distinct > IDENTIFIER_DISTINCT_SHARE * present) {
    return `looks like an identifier: ${distinct >= MAX_DISTINCT_TEXTS ? `over ${MAX_DISTINCT_TEXTS}` : distinct} distinct values in ${present} reference rows`;
  }
  return undefined;
}

function isCategorical(ref: FileColumn, cur: FileColumn): boolean {
  if (ref.texts.size > 0 || ref.pooledTexts > 0) return true;
  // A reference without any value leaves the decision to the current data.
  return ref.numbers === 0 && (cur.texts.size > 0 || cur.pooledTexts > 0);
}

function assessNumericFileColumn(
  ref: FileColumn,
  cur: FileColumn,
  refSample: SortedSample,
  bins: number,
  threshold: number | undefined,
): ColumnDrift {
  const curSample = sortedSample(cur.values);
  const edges = refSample.values.length > 0 ? quantileEdges(refSample, bins) : [];
  const notes = infinityNotes(ref, cur);
  const textCount = countTexts(cur);
  if (textCount > 0)
    notes.push(
      `${textCount} value${textCount === 1 ? '' : 's'} of the current data ${textCount === 1 ? 'is' : 'are'} not a number and ${textCount === 1 ? 'was' : 'were'} left out`,
    );
  return assessNumericColumn({
    name: ref.name,
    reference: refSample,
    current: curSample,
    nReference: refSample.values.length,
    nCurrent: curSample.values.length,
    missingReference: ref.missing,
    missingCurrent: cur.missing,
    referenceStd: populationStd(refSample),
    edges,
    referenceBins: binCounts(refSample, edges),
    currentBins: binCounts(curSample, edges),
    threshold,
    notes,
  });
}

function countTexts(column: FileColumn): number {
  let n = column.pooledTexts;
  for (const count of column.texts.values()) n += count;
  return n;
}

function infinityNotes(ref: FileColumn, cur: FileColumn): string[] {
  const notes: string[] = [];
  if (ref.infinite > 0) notes.push(`${plural(ref.infinite, 'infinite value')} in the reference left out`);
  if (cur.infinite > 0) notes.push(`${plural(cur.infinite, 'infinite value')} in the current data left out`);
  return notes;
}

/**
 * Texts as written; numbers by the text they were written as when few, else by their shortest form.
 * A numeric column compared as categories counts numbers by their shortest form always, so "1" and
 * "1.0" are one category on both sides, as they are in a serving window.
 */
function categoryCounts(column: FileColumn, numbersByValue = false): Map<string, number> {
  const counts = new Map(column.texts);
  if (column.numberTexts !== undefined && !numbersByValue) {
    for (const [text, n] of column.numberTexts) counts.set(text, (counts.get(text) ?? 0) + n);
  } else {
    for (const value of column.values) {
      if (Number.isNaN(value)) continue;
      const text = String(value);
      counts.set(text, (counts.get(text) ?? 0) + 1);
    }
  }
  return counts;
}

function populationStd(sample: SortedSample): number {
  const values = sample.values;
  const n = values.length;
  if (n < 2) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += (values[i]! - mean) / (i + 1);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (values[i]! - mean) ** 2;
  return Math.sqrt(sum / n);
}

/** A categorical column with more distinct values than this, and most of its values distinct, is an identifier. */
const IDENTIFIER_MIN_DISTINCT = 100;
const IDENTIFIER_DISTINCT_SHARE = 0.5;

/** Files above this size are read on threads of their own, both at once; below it a thread costs more than it saves. */
const THREAD_THRESHOLD_BYTES = 16 * 1024 * 1024;

/** `ballast drift REFERENCE CURRENT`: reads both files (at the same time) and compares them. */
export async function driftBetweenFiles(referenceFile: string, currentFile: string, options: FileDriftOptions = {}): Promise<DriftReport> {
  const read = async (file: string) =>
    (await sizeOf(file)) > THREAD_THRESHOLD_BYTES ? readFileColumnsInThread({ file }) : readFileColumns(file);
  const [reference, current] = await Promise.all([read(referenceFile), read(currentFile)]);
  if (reference.columns.length === 0) throw new BallastError('invalid_data', `${referenceFile}: the file has no columns`);
  if (current.columns.length === 0) throw new BallastError('invalid_data', `${currentFile}: the file has no columns`);
  return compareFileColumns(reference, current, options);
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0; // the reader names the file and the reason
  }
}
