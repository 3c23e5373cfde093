import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { BallastError } from '../core/errors.ts';
import { labelFromText } from '../core/feedback-label-text.ts';
import { IssueCollector } from '../core/issues.ts';
import type { ModelVersionRecord } from '../core/registry-records.ts';
import type { ClassLabel, ModelSignature } from '../core/signature.ts';
import { isMissing, type Cell } from '../core/table.ts';
import { buildFeatureBatch } from '../runtime/build-feature-batch.ts';
import { BatchShapeError, type LoadedModel } from '../runtime/model-runtime.ts';
import type { LabelledReferenceSummary } from '../store/labelled-reference-repository.ts';
import type { Repositories } from '../store/store.ts';
import { auditedTransaction, type RecordAudit } from './audit.ts';
import type { AppContext } from './context.ts';
import { readTableChunks } from './data-files.ts';
import { loadRegisteredModel } from './load-model.ts';
import { resolveModelRef } from './resolve-model.ts';

/**
 * Fewest rows a reference may have. CBPE fits an isotonic calibration per class and takes its alert bands
 * from the spread of the metric over reference chunks: on fewer rows both are noise, not a reference.
 */
export const MIN_REFERENCE_ROWS = 100;

/**
 * Most rows a reference may have: its rows live in one database row and are held in memory while
 * scored and fitted. A million rows estimate as well as ten; sample a larger holdout.
 */
const MAX_REFERENCE_ROWS = 1_000_000;

/** A labelled file scored by a version's own model: what a labelled reference stores, before it is written. */
export interface ScoredReference {
  readonly classes: readonly ClassLabel[];
  readonly labelColumn: string;
  readonly source: string;
  readonly sourceSha256: string;
  readonly rows: number;
  readonly labels: Int32Array;
  readonly predictions: Int32Array;
  readonly scores: readonly Float64Array[];
}

/**
 * Refuses, before the file is read, a version whose performance cannot be estimated this way: CBPE
 * works from a classifier's class probabilities, and a regressor has none.
 */
function classesOf(signature: ModelSignature, what: string): readonly ClassLabel[] {
  const { output } = signature;
  if (output.kind === 'regression') {
    throw new BallastError(
      'invalid_argument',
      `${what} is a regressor: a labelled reference serves performance estimation before labels (CBPE), which is for classifiers; Ballast does not estimate a regressor's performance (NannyML's DLE is not there)`,
    );
  }
  if (output.classes === undefined || output.classes.length < 2) {
    throw new BallastError('invalid_argument', `${what} does not name its classes, so its labels cannot be checked against them`);
  }
  return output.classes;
}

/** A label cell as the model's class value: text as feedback import reads it (labelFromText). */
function labelValue(cell: Cell, classes: readonly ClassLabel[], signature: ModelSignature): ClassLabel {
  if (typeof cell === 'string') return labelFromText(cell, signature.output);
  // A JSON number or boolean is its class, or the class of the same text ("1" for 1) where the classes are strings.
  if (typeof cell === 'number' && classes.includes(cell)) return cell;
  return labelFromText(String(cell), signature.output);
}

/**
 * Reads a labelled file (CSV or JSON Lines) and scores it with `model`, checking every label against the
 * model's classes. Nothing is written: a missing or unknown label, too few or too many rows, or a class
 * that never occurs among the labels is an error, with one issue per bad row.
 */
export async function scoreLabelledFile(model: LoadedModel, what: string, file: string, labelColumn: string): Promise<ScoredReference> {
  const signature = model.signature;
  const classes = classesOf(signature, what);
  const index = new Map<ClassLabel, number>(classes.map((c, k) => [c, k]));
  const source = path.basename(file);
  const issues = new IssueCollector();
  const labels: number[] = [];
  const predictions: number[] = [];
  const scores: number[][] = classes.map(() => []);
  let rows = 0;
  const columns = [...new Set([...signature.inputs.map((i) => i.name), labelColumn])];
  for await (const chunk of readTableChunks(file, { chunkRows: 8192, columns })) {
    const at = chunk.columns.indexOf(labelColumn);
    // A CSV header says which columns exist; a JSON Lines row without the key reads as a missing label below.
    if (at < 0) throw new BallastError('missing_column', `${source}: no label column "${labelColumn}" (the --label of the reference data)`);
    if (chunk.rows.length === 0) continue;
    rows += chunk.rows.length;
    if (rows > MAX_REFERENCE_ROWS) {
      throw new BallastError(
        'invalid_argument',
        `${source}: more than ${MAX_REFERENCE_ROWS} rows; a labelled reference is kept whole, so give a random sample of the holdout`,
      );
    }
    const output = await predict(model, buildFeatureBatch(signature.inputs, chunk, source), source, chunk.rows[0]!.row);
    if (output.kind === 'regression')
      throw new BallastError('invalid_model', `${what} answered numbers where its signature promises classes`);
    const width = output.classes.length;
    chunk.rows.forEach((row, i) => {
      const cell = row.cells[at] ?? null;
      if (isMissing(cell)) {
        issues.report('missing', ['rows', row.row, labelColumn], 'has no label; every reference row needs one');
        return;
      }
      const value = labelValue(cell, classes, signature);
      const k = index.get(value);
      if (k === undefined) {
        issues.report(
          'invalid_value',
          ['rows', row.row, labelColumn],
          `${JSON.stringify(value)} is not a class of ${what}, whose classes are ${classes.map((c) => JSON.stringify(c)).join(', ')}`,
        );
        return;
      }
      labels.push(k);
      predictions.push(output.labelIndex[i]!);
      for (let c = 0; c < width; c++) scores[c]!.push(output.probabilities[i * width + c]!);
    });
  }
  issues.throwIfAny('invalid_value', `${source}: the labels do not fit ${what}`);
  if (rows < MIN_REFERENCE_ROWS) {
    throw new BallastError(
      'invalid_argument',
      `${source}: ${rows} row${rows === 1 ? '' : 's'}; a labelled reference needs at least ${MIN_REFERENCE_ROWS} to calibrate scores and set alert bands`,
    );
  }
  const seen = new Set(labels);
  const absent = classes.filter((_, k) => !seen.has(k));
  if (absent.length > 0) {
    throw new BallastError(
      'invalid_argument',
      `${source}: the class${absent.length > 1 ? 'es' : ''} ${absent.map((c) => JSON.stringify(c)).join(', ')} never occur${absent.length > 1 ? '' : 's'} in column "${labelColumn}"; CBPE calibrates every class of ${what} on labelled rows of it`,
    );
  }
  return {
    classes,
    labelColumn,
    source: path.resolve(file),
    sourceSha256: await fileSha256(file),
    rows,
    labels: Int32Array.from(labels),
    predictions: Int32Array.from(predictions),
    scores: scores.map((s) => Float64Array.from(s)),
  };
}

async function predict(model: LoadedModel, batch: ReturnType<typeof buildFeatureBatch>, source: string, firstRow: number) {
  try {
    return await model.predict(batch);
  } catch (error) {
    if (error instanceof BatchShapeError) {
      throw new BallastError('invalid_value', `${source}: in the batch starting at row ${firstRow}: ${error.message}`);
    }
    throw error;
  }
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Writes a scored reference as the version's labelled reference, replacing any earlier one, with its audit entry. */
export async function writeLabelledReference(
  ctx: AppContext,
  tx: Repositories,
  audit: RecordAudit,
  version: ModelVersionRecord,
  scored: ScoredReference,
): Promise<{ reference: LabelledReferenceSummary; replaced: boolean }> {
  const summary: LabelledReferenceSummary = {
    versionId: version.id,
    id: ctx.newId(),
    classes: scored.classes,
    labelColumn: scored.labelColumn,
    source: scored.source,
    sourceSha256: scored.sourceSha256,
    rows: scored.rows,
    createdBy: ctx.actor,
    createdAt: ctx.clock().toISOString(),
  };
  const previous = await tx.labelledReferences.replace({
    ...summary,
    labels: scored.labels,
    predictions: scored.predictions,
    scores: scored.scores,
  });
  await audit({
    action: 'model.reference.set',
    objectType: 'model_version',
    objectId: `${version.modelName}:${version.version}`,
    details: {
      source: scored.source,
      sha256: scored.sourceSha256,
      labelColumn: scored.labelColumn,
      rows: scored.rows,
      replaced: previous ? { sha256: previous.sourceSha256, rows: previous.rows, createdAt: previous.createdAt } : null,
    },
  });
  return { reference: summary, replaced: previous !== undefined };
}

/** `ballast models reference MODEL:V FILE --label y`: scores FILE with the version's model and keeps it as its labelled reference. */
export async function setLabelledReference(
  ctx: AppContext,
  ref: string,
  file: string,
  labelColumn: string,
): Promise<{ version: ModelVersionRecord; reference: LabelledReferenceSummary; replaced: boolean }> {
  const { version } = await resolveModelRef(ctx.store, ref);
  const what = `${version.modelName}:${version.version}`;
  classesOf(version.signature, what);
  const { loaded } = await loadRegisteredModel(ctx, what);
  let scored: ScoredReference;
  try {
    scored = await scoreLabelledFile(loaded, what, file, labelColumn);
  } finally {
    await loaded.close();
  }
  const written = await auditedTransaction(ctx, (tx, audit) => writeLabelledReference(ctx, tx, audit, version, scored));
  return { version, ...written };
}
