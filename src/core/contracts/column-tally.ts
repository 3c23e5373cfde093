import type { TableRow } from '../table.ts';
import { emptyParsedCell, type ColumnCheck } from './compile-column-checks.ts';
import type { ReportIssue, ViolationCode } from './contract-types.ts';
import { formatCount, formatShare, plural } from '../format-numbers.ts';
import { exampleValue } from './report-text.ts';
import { HashSet53, hashNumber, hashText } from './value-hashes.ts';

type Example = { readonly row: number; readonly value: unknown };
type ValueStatus = 'out_of_range' | 'unknown_category' | 'pattern_mismatch';
type TalliedCode = 'type_mismatch' | 'null_not_allowed' | ValueStatus | 'not_unique';

/** Called with each value that passed the type check (label classes, freshness). */
export type ValueObserver = (value: number | string, row: number, cell: unknown) => void;

/**
 * What one contract column looked like over every chunk so far: counts of each failure, the first
 * examples of each, and (for `unique`) the hashes of the values seen. Nothing here depends on how
 * the rows were split into chunks, so a file read in one chunk or in many gives the same tally.
 */
export class ColumnTally {
  /** Rows whose table had the column / did not. */
  private present = 0;
  private absent = 0;
  private missing = 0;
  /** Non-missing values of the right type: the base of the value checks, `mostly` and uniqueness. */
  private typed = 0;
  private readonly counts: Record<TalliedCode, number> = {
    type_mismatch: 0,
    null_not_allowed: 0,
    out_of_range: 0,
    unknown_category: 0,
    pattern_mismatch: 0,
    not_unique: 0,
  };
  private readonly examples: Record<TalliedCode, Example[]> = {
    type_mismatch: [],
    null_not_allowed: [],
    out_of_range: [],
    unknown_category: [],
    pattern_mismatch: [],
    not_unique: [],
  };
  private readonly seen: HashSet53 | undefined;
  private readonly parsed = emptyParsedCell();

  constructor(
    readonly check: ColumnCheck,
    private readonly maxExamples: number,
    private readonly observe: ValueObserver | undefined,
  ) {
    this.seen = check.unique ? new HashSet53() : undefined;
  }

  /** The chunk has no such column. */
  addAbsent(rows: number): void {
    this.absent += rows;
  }

  /** Classifies the column's cell (at index `at`) of every row. */
  addRows(rows: readonly TableRow[], at: number): void {
    const { classify } = this.check;
    const parsed = this.parsed;
    const seen = this.seen;
    const observe = this.observe;
    const numeric = this.check.parsesTo === 'number';
    this.present += rows.length;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const cell = row.cells[at];
      const status = classify(cell, parsed);
      if (status !== 'ok') {
        if (status === 'missing') {
          this.missing++;
          if (!this.check.nullable) this.record('null_not_allowed', row.row, cell);
          continue;
        }
        this.record(status, row.row, cell);
        if (status === 'type_mismatch') continue;
      }
      this.typed++;
      if (seen !== undefined && !seen.add(numeric ? hashNumber(parsed.number) : hashText(parsed.text)))
        this.record('not_unique', row.row, cell);
      if (observe !== undefined) observe(numeric ? parsed.number : parsed.text, row.row, cell);
    }
  }

  private record(code: TalliedCode, row: number, cell: unknown): void {
    this.counts[code]++;
    const examples = this.examples[code];
    if (examples.length < this.maxExamples) examples.push({ row, value: exampleValue(cell) });
  }

  /** The failed rules of this column, in the order of VIOLATION_CODES. */
  issues(): ReportIssue[] {
    const { check } = this;
    const column = check.column;
    const issue = (
      code: ViolationCode,
      issueCount: number,
      base: number,
      message: string,
      examples: readonly Example[] = [],
    ): ReportIssue => ({
      code,
      column,
      severity: check.severity,
      count: issueCount,
      share: base === 0 ? 1 : issueCount / base,
      examples,
      message,
    });
    const out: ReportIssue[] = [];
    if (this.absent > 0)
      out.push(issue('missing_column', this.absent, this.absent + this.present, `column "${column}" is not in the data`));
    if (this.present === 0) return out;
    const { counts, examples, present, typed } = this;
    if (counts.type_mismatch > 0) {
      out.push(
        issue(
          'type_mismatch',
          counts.type_mismatch,
          present,
          `${plural(counts.type_mismatch, 'value', 'values')} (${formatShare(counts.type_mismatch / present)}) ${counts.type_mismatch === 1 ? 'is' : 'are'} not ${check.expectation('type_mismatch')}`,
          examples.type_mismatch,
        ),
      );
    }
    if (counts.null_not_allowed > 0) {
      out.push(
        issue(
          'null_not_allowed',
          counts.null_not_allowed,
          present,
          `${plural(counts.null_not_allowed, 'row is', 'rows are')} missing a value (${formatShare(counts.null_not_allowed / present)}); the column may not be missing`,
          examples.null_not_allowed,
        ),
      );
    }
    if (check.missingMax !== undefined && this.missing / present > check.missingMax) {
      out.push(
        issue(
          'missing_share',
          this.missing,
          present,
          `${formatShare(this.missing / present)} of values are missing (${formatCount(this.missing)} of ${formatCount(present)}); at most ${formatShare(check.missingMax)} may be`,
        ),
      );
    }
    for (const code of ['out_of_range', 'unknown_category', 'pattern_mismatch'] as const) {
      const failed = counts[code];
      // `mostly`: the share of typed values passing must reach it; the small slack absorbs rounding in mostly * typed.
      if (failed === 0 || typed - failed >= check.mostly * typed - 1e-9 * typed) continue;
      const tolerance = check.mostly < 1 ? `; at least ${formatShare(check.mostly)} must be` : '';
      out.push(
        issue(
          code,
          failed,
          typed,
          `${plural(failed, 'value', 'values')} (${formatShare(failed / typed)}) ${failed === 1 ? 'is' : 'are'} not ${check.expectation(code)}${tolerance}`,
          examples[code],
        ),
      );
    }
    if (counts.not_unique > 0) {
      out.push(
        issue(
          'not_unique',
          counts.not_unique,
          typed,
          `${plural(counts.not_unique, 'value repeats', 'values repeat')} an earlier value (${formatShare(counts.not_unique / typed)}); every value must be unique`,
          examples.not_unique,
        ),
      );
    }
    return out;
  }
}
