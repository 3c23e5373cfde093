import { setTimeout as sleep } from 'node:timers/promises';
import { BallastError } from '../core/errors.ts';
import type { Issue, IssuePath } from '../core/issues.ts';
import { isMissing, type TableChunk } from '../core/table.ts';
import type { AppContext } from './context.ts';
import { dataFileFormat, fileSize, readTableChunks } from './data-files.ts';
import { recordFeedback, type FeedbackItemResult } from './feedback.ts';

export interface FeedbackImportOptions {
  readonly file: string;
  readonly deployment: string;
  /** The column joining a row to its prediction: a prediction id (default `prediction_id`)… */
  readonly idColumn?: string;
  /** …or, instead, a request id labelling every prediction of that request. */
  readonly requestIdColumn?: string;
  /** The label: a class of the model, or a regressor's number (default `label`). */
  readonly labelColumn?: string;
  /** Rows judged and written together; bounds memory whatever the file's size. */
  readonly chunkRows?: number;
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** How long to wait for a running server's journal to reach the table before importing (10 s). */
  readonly journalWaitMs?: number;
}

/** A row that found no prediction: its data row (1-based, header not counted) and why. */
export interface UnknownRow {
  readonly row: number;
  readonly message: string;
}

export interface FeedbackImportSummary {
  readonly rows: number;
  readonly accepted: number;
  readonly replaced: number;
  readonly unknown: number;
  readonly invalid: number;
  /** The first few refused rows, enough to fix a file; the counts hold them all. */
  readonly issues: readonly Issue[];
  readonly unknownRows: readonly UnknownRow[];
  /**
   * Predictions of the deployment that a running server had acknowledged in its journal and not
   * yet moved into the table when the import stopped waiting for them: their labels may have come
   * back unknown, and importing those rows again later finds them. 0 when nothing was left behind
   * (and always on PostgreSQL, whose log commits before answering).
   */
  readonly inServerJournal: number;
}

/** Examples kept of each kind of refusal: a file of a million bad rows must not make a million lines. */
const IMPORT_EXAMPLES = 5;
/** A server moves its journal into the table within milliseconds unless it is overloaded. */
const JOURNAL_WAIT_MS = 10_000;
const JOURNAL_POLL_MS = 50;

/**
 * Imports a file of labels (CSV or JSON Lines) chunk by chunk through the same use case the API
 * calls, so a file of millions of rows runs in bounded memory and every row is judged as an API
 * item is. Where a file differs from one request: CSV cells are text and are read as the model's
 * values (labelFromText); JSON Lines values keep their JSON type, as in the API. A later row for
 * a prediction labelled by an earlier row (of the same chunk or not) replaces its label, as a file
 * read top to bottom means, and counts as replaced; both stay in the history. Each chunk commits
 * on its own: a file that breaks off (invalid JSON at some line) keeps the chunks before it, and
 * importing it again is safe (its rows count as replaced).
 */
export async function importFeedback(
  ctx: Pick<AppContext, 'store' | 'clock' | 'newId' | 'actor'>,
  options: FeedbackImportOptions,
): Promise<FeedbackImportSummary> {
  if (options.idColumn !== undefined && options.requestIdColumn !== undefined) {
    throw new BallastError('invalid_argument', 'give --id-column or --request-id-column, not both');
  }
  // Usage problems come before any row is read: the file, then the deployment.
  const labelsAsText = dataFileFormat(options.file) === 'csv';
  await fileSize(options.file);
  if ((await ctx.store.deployments.findByName(options.deployment)) === undefined) {
    throw new BallastError('deployment_not_found', `no deployment named "${options.deployment}"`);
  }
  const inServerJournal = await waitForServerJournal(ctx.store, options.deployment, options.journalWaitMs ?? JOURNAL_WAIT_MS);
  const key = options.requestIdColumn === undefined ? 'prediction_id' : 'request_id';
  const keyColumn = options.requestIdColumn ?? options.idColumn ?? 'prediction_id';
  const labelColumn = options.labelColumn ?? 'label';

  let rows = 0;
  const counts = { accepted: 0, replaced: 0, unknown: 0, invalid: 0 };
  const issues: Issue[] = [];
  const unknownRows: UnknownRow[] = [];
  const chunks = readTableChunks(options.file, {
    chunkRows: options.chunkRows ?? 8192,
    columns: [keyColumn, labelColumn],
    onBytes: options.onProgress,
  });
  for await (const chunk of brokenOffSays(chunks, () => ({ rows, ...counts }))) {
    const at = columnsOf(chunk, options.file, keyColumn, labelColumn);
    const items = chunk.rows.map((r) => {
      const item: Record<string, unknown> = {};
      const id = r.cells[at.key] ?? null;
      const label = r.cells[at.label] ?? null;
      if (!isMissing(id)) item[key] = typeof id === 'string' ? id.trim() : id;
      if (!isMissing(label)) item.label = label;
      return item;
    });
    const summary = await recordFeedback(ctx, options.deployment, items, undefined, { labelsAsText, laterWins: true });
    rows += chunk.rows.length;
    counts.accepted += summary.accepted;
    counts.replaced += summary.replaced;
    counts.unknown += summary.unknown;
    counts.invalid += summary.invalid;
    const columnOf = { prediction_id: keyColumn, request_id: keyColumn, label: labelColumn };
    for (const result of summary.results) keepExample(result, chunk, columnOf, issues, unknownRows);
  }
  return { rows, ...counts, issues, unknownRows, inServerJournal };
}

/**
 * On a SQLite file a running server answers once a prediction is in its journal, and its log
 * thread moves it into the table a moment later; a label imported in between would find no
 * prediction. So the import first waits, up to `waitMs`, for the journal's groups of the deployment
 * that are there when it starts to reach the table (later ones are predictions made after the
 * import began). Returns how many predictions were still not in the table when it stopped waiting.
 */
async function waitForServerJournal(store: AppContext['store'], deployment: string, waitMs: number): Promise<number> {
  if (store.pendingJournalGroups === undefined) return 0;
  let pending = await store.pendingJournalGroups(deployment);
  const deadline = performance.now() + waitMs;
  while (pending.length > 0 && performance.now() < deadline) {
    await sleep(JOURNAL_POLL_MS);
    const inTable = await store.predictions.existingIds(pending.map((group) => group.firstId));
    pending = pending.filter((group) => !inTable.has(group.firstId));
  }
  return pending.reduce((n, group) => n + group.predictions, 0);
}

/**
 * A file that breaks off (invalid JSON, a ragged CSV row) after some chunks were written: the error
 * says what is already in, so the user knows importing the fixed file again only replaces those.
 */
async function* brokenOffSays<T>(
  chunks: AsyncGenerator<T>,
  sofar: () => { rows: number; accepted: number; replaced: number; unknown: number; invalid: number },
): AsyncGenerator<T> {
  try {
    yield* chunks;
  } catch (error) {
    const s = sofar();
    if (!(error instanceof BallastError) || s.rows === 0) throw error;
    throw new BallastError(
      error.code,
      `${error.message} (the ${s.rows} rows before it were imported: ${s.accepted} accepted, ${s.replaced} replaced, ${s.unknown} unknown, ${s.invalid} invalid; importing the fixed file again is safe, its rows count as replaced)`,
      error.issues,
    );
  }
}

function columnsOf(chunk: TableChunk, file: string, keyColumn: string, labelColumn: string): { key: number; label: number } {
  const key = chunk.columns.indexOf(keyColumn);
  const label = chunk.columns.indexOf(labelColumn);
  // JSON Lines reads the asked-for columns from every object (absent keys are missing), so only
  // a CSV header can lack one; a JSON Lines file without them has every row refused instead.
  for (const [name, at, option] of [
    [keyColumn, key, 'the id column (--id-column / --request-id-column)'],
    [labelColumn, label, 'the label column (--label-column)'],
  ] as const) {
    if (at < 0) {
      throw new BallastError(
        'invalid_argument',
        `${file}: no column "${name}", ${option}; the columns are ${chunk.columns.map((c) => JSON.stringify(c)).join(', ')}`,
      );
    }
  }
  return { key, label };
}

/** Issue paths name the file's data row and column: `row[12].y`. */
function keepExample(
  result: FeedbackItemResult,
  chunk: TableChunk,
  columnOf: Record<string, string>,
  issues: Issue[],
  unknownRows: UnknownRow[],
): void {
  const row = chunk.rows[result.index]!.row;
  if (result.outcome === 'unknown_prediction' && unknownRows.length < IMPORT_EXAMPLES) {
    unknownRows.push({ row, message: result.message ?? '' });
  }
  if (result.outcome !== 'invalid' || issues.length >= IMPORT_EXAMPLES) return;
  for (const issue of result.issues ?? []) {
    // ['feedback', index, field, …] → ['row', row, column, …]
    const [, , field, ...rest] = issue.path;
    const column = typeof field === 'string' ? (columnOf[field] ?? field) : undefined;
    const path: IssuePath = column === undefined ? ['row', row] : ['row', row, column, ...rest];
    issues.push({ ...issue, path });
    if (issues.length >= IMPORT_EXAMPLES) return;
  }
}
