import { issuesError } from '../issues.ts';
import type { TableChunk } from '../table.ts';
import { ColumnTally, type ValueObserver } from './column-tally.ts';
import { compileColumnChecks } from './compile-column-checks.ts';
import type { Contract, ReportIssue, Severity, ValidationReport } from './contract-types.ts';
import { DuplicateRowTally, FreshnessTally, LabelTally } from './dataset-tallies.ts';
import { parseDuration } from './parse-duration.ts';
import { formatCount, plural } from '../format-numbers.ts';
import { exampleValue } from './report-text.ts';

export interface DatasetValidatorOptions {
  /** The check time that freshness is measured against (core takes the clock as an argument). */
  readonly now: Date;
  /** Examples kept per issue. Default 5. */
  readonly maxExamples?: number;
}

/**
 * Validates a dataset against a contract as it streams past: give it each chunk from
 * `readTableChunks`, then ask for the report. Memory stays bounded by the number of issues and
 * examples, except for `unique` columns and the duplicate-row rule, which keep a 53-bit hash per
 * distinct value or row (16 to 32 bytes each; see value-hashes.ts). The report does not depend on
 * how the rows were split into chunks.
 *
 * Columns come from each chunk's header: for JSON Lines, read with `columns` set to the contract's
 * columns (absent keys read as missing), since readTableChunks otherwise takes the first object's
 * keys as the header.
 *
 * Semantics, chosen to match what pandera and Great Expectations users expect:
 * - missing means an empty cell, null, or one of pandas' markers ("NA", "NaN", "null", ...);
 * - a value of the wrong type is always an issue, whatever `mostly` says; it is not range-checked;
 * - `mostly` is the share of non-missing, well-typed values that must pass each value check;
 * - `unique` ignores missing values and counts each repeat after the first occurrence;
 * - `passed` is false exactly when an error-severity issue exists (warn issues are reported only).
 */
export class DatasetValidator {
  private readonly tallies: ColumnTally[];
  private readonly datasetSeverity: Severity;
  private readonly maxExamples: number;
  private readonly duplicates: DuplicateRowTally | undefined;
  private readonly label: LabelTally | undefined;
  private readonly freshness: FreshnessTally | undefined;
  private readonly known: Set<string>;
  private readonly extras = new Map<string, { rows: number; examples: { row: number; value: unknown }[] }>();
  private rows = 0;
  /** Column positions of the last chunk's header, recomputed only when the header changes. */
  private header: readonly string[] | undefined;
  private positions: number[] = [];
  private extraPositions: [string, number][] = [];

  constructor(
    private readonly contract: Contract,
    options: DatasetValidatorOptions,
  ) {
    this.maxExamples = options.maxExamples ?? 5;
    this.datasetSeverity = contract.defaults?.severity ?? 'error';
    const rules = contract.dataset ?? {};
    const checks = compileColumnChecks(contract, 'file');
    this.known = new Set(checks.map((check) => check.column));
    if (rules.label !== undefined) {
      const check = checks.find((c) => c.column === rules.label!.column) ?? missingRuleColumn('label', rules.label.column);
      const { min_class_share: minClass, min_minority_share: minMinority } = rules.label;
      this.label = new LabelTally(
        check.column,
        check.kind,
        contract.columns[check.column]!.values,
        minClass,
        minMinority,
        this.datasetSeverity,
      );
    }
    if (rules.freshness !== undefined) {
      const check = checks.find((c) => c.column === rules.freshness!.column) ?? missingRuleColumn('freshness', rules.freshness.column);
      if (check.kind !== 'timestamp')
        throw invalidRule('freshness', 'column', `"${check.column}" is a ${check.kind} column; freshness needs a timestamp column`);
      const maxDelay =
        parseDuration(rules.freshness.max_delay) ??
        invalidRule('freshness', 'max_delay', `"${rules.freshness.max_delay}" is not a duration such as "24h", "7d" or "PT6H"`);
      this.freshness = new FreshnessTally(check.column, options.now.getTime(), maxDelay, this.datasetSeverity);
    }
    if (rules.duplicate_rows_max !== undefined)
      this.duplicates = new DuplicateRowTally(rules.duplicate_rows_max, this.datasetSeverity, this.maxExamples);
    this.tallies = checks.map((check) => {
      const observers: ValueObserver[] = [];
      if (this.label !== undefined && check.column === rules.label?.column) observers.push(this.label.observe);
      if (this.freshness !== undefined && check.column === rules.freshness?.column) observers.push(this.freshness.observe);
      const observe: ValueObserver | undefined =
        observers.length <= 1 ? observers[0] : (value, row, cell) => observers.forEach((o) => o(value, row, cell));
      return new ColumnTally(check, this.maxExamples, observe);
    });
  }

  addChunk(chunk: TableChunk): void {
    if (chunk.columns !== this.header) this.readHeader(chunk.columns);
    const rows = chunk.rows;
    this.rows += rows.length;
    for (let i = 0; i < this.tallies.length; i++) {
      const at = this.positions[i]!;
      if (at < 0) this.tallies[i]!.addAbsent(rows.length);
      else this.tallies[i]!.addRows(rows, at);
    }
    for (const [name, at] of this.extraPositions) {
      const extra = this.extras.get(name)!;
      extra.rows += rows.length;
      for (let r = 0; r < rows.length && extra.examples.length < this.maxExamples; r++) {
        extra.examples.push({ row: rows[r]!.row, value: exampleValue(rows[r]!.cells[at] ?? null) });
      }
    }
    this.duplicates?.add(chunk);
  }

  finish(): ValidationReport {
    const issues: ReportIssue[] = this.tallies.flatMap((tally) => tally.issues());
    for (const [name, { rows, examples }] of this.extras) {
      const message = `column "${name}" is not in the contract, which does not allow extra columns`;
      issues.push({
        code: 'unexpected_column',
        column: name,
        severity: this.datasetSeverity,
        count: rows,
        share: this.rows === 0 ? 1 : rows / this.rows,
        examples,
        message,
      });
    }
    const rowCount = this.rowCountIssue();
    for (const issue of [rowCount, this.duplicates?.issue(), this.label?.issue(), this.freshness?.issue()]) {
      if (issue !== undefined) issues.push(issue);
    }
    return { passed: !issues.some((issue) => issue.severity === 'error'), rows: this.rows, issues };
  }

  private readHeader(columns: readonly string[]): void {
    this.header = columns;
    const index = new Map(columns.map((name, i) => [name, i]));
    this.positions = this.tallies.map((tally) => index.get(tally.check.column) ?? -1);
    this.extraPositions = [];
    if (this.contract.dataset?.allow_extra_columns !== false) return;
    columns.forEach((name, at) => {
      if (this.known.has(name)) return;
      this.extraPositions.push([name, at]);
      if (!this.extras.has(name)) this.extras.set(name, { rows: 0, examples: [] });
    });
  }

  private rowCountIssue(): ReportIssue | undefined {
    const range = this.contract.dataset?.row_count;
    if (range === undefined) return undefined;
    const { min, max } = range;
    if ((min === undefined || this.rows >= min) && (max === undefined || this.rows <= max)) return undefined;
    const wanted =
      min !== undefined && max !== undefined
        ? `between ${formatCount(min)} and ${formatCount(max)}`
        : min !== undefined
          ? `at least ${formatCount(min)}`
          : `at most ${formatCount(max!)}`;
    const message = `the data has ${plural(this.rows, 'row', 'rows')}; the contract requires ${wanted}`;
    return { code: 'row_count', column: null, severity: this.datasetSeverity, count: this.rows, share: 1, examples: [], message };
  }
}

function invalidRule(rule: string, key: string, message: string): never {
  throw issuesError('invalid_contract', 'invalid contract', [{ code: 'invalid_value', path: ['dataset', rule, key], message }]);
}

function missingRuleColumn(rule: string, column: string): never {
  return invalidRule(rule, 'column', `"${column}" is not a column of the contract`);
}
