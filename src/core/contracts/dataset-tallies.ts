import type { TableChunk } from '../table.ts';
import type { ColumnKind, ReportIssue, Severity } from './contract-types.ts';
import { formatDuration } from './parse-duration.ts';
import { formatCount, formatShare, plural } from '../format-numbers.ts';
import { exampleValue } from './report-text.ts';
import { formatTimestamp } from './timestamps.ts';
import { HashSet53, hashCells } from './value-hashes.ts';

type Example = { readonly row: number; readonly value: unknown };

/** Rows that repeat an earlier row exactly, cell for cell as written, remembered by a 53-bit hash per row. */
export class DuplicateRowTally {
  private readonly seen = new HashSet53(1 << 16);
  private rows = 0;
  private repeats = 0;
  private readonly examples: Example[] = [];

  constructor(
    private readonly maxShare: number,
    private readonly severity: Severity,
    private readonly maxExamples: number,
  ) {}

  add(chunk: TableChunk): void {
    for (const { row, cells } of chunk.rows) {
      this.rows++;
      if (this.seen.add(hashCells(cells))) continue;
      this.repeats++;
      if (this.examples.length < this.maxExamples) {
        this.examples.push({ row, value: Object.fromEntries(chunk.columns.map((name, i) => [name, exampleValue(cells[i] ?? null)])) });
      }
    }
  }

  issue(): ReportIssue | undefined {
    const share = this.rows === 0 ? 0 : this.repeats / this.rows;
    if (share <= this.maxShare) return undefined;
    const allowed = this.maxShare === 0 ? 'no row may repeat another' : `at most ${formatShare(this.maxShare)} may`;
    const message = `${plural(this.repeats, 'row repeats', 'rows repeat')} an earlier row exactly (${formatShare(share)}); ${allowed}`;
    return { code: 'duplicate_rows', column: null, severity: this.severity, count: this.repeats, share, examples: this.examples, message };
  }
}

/** Above this many distinct values a "label" is not a set of classes, and counting them would hold the column in memory. */
const MAX_CLASSES = 10_000;

/**
 * Class shares of the label column, over rows that have a label. Classes listed in the column's
 * `values` count even when no row has them (a class that vanished is the worst imbalance).
 * `min_class_share` bounds every class; `min_minority_share` bounds the smallest one and needs at
 * least two classes (a label with one class has a minority share of 0).
 */
export class LabelTally {
  private readonly classes = new Map<string, { count: number; firstRow: number }>();
  private labelled = 0;
  private tooMany = false;

  constructor(
    private readonly column: string,
    private readonly kind: ColumnKind,
    declared: readonly (string | number | boolean)[] | undefined,
    private readonly minClassShare: number | undefined,
    private readonly minMinorityShare: number | undefined,
    private readonly severity: Severity,
  ) {
    for (const value of declared ?? []) this.classes.set(String(value), { count: 0, firstRow: 0 });
  }

  readonly observe = (value: number | string, row: number): void => {
    this.labelled++;
    const name = this.kind === 'boolean' ? (value === 1 ? 'true' : 'false') : String(value);
    const entry = this.classes.get(name);
    if (entry !== undefined) {
      if (entry.count++ === 0) entry.firstRow = row;
    } else if (this.classes.size < MAX_CLASSES) {
      this.classes.set(name, { count: 1, firstRow: row });
    } else {
      this.tooMany = true;
    }
  };

  issue(): ReportIssue | undefined {
    // Dataset-level rules report `column: null` (contract-types.ts); the message names the column.
    const base = { code: 'label_imbalance', column: null, severity: this.severity } as const;
    if (this.tooMany) {
      return {
        ...base,
        count: this.labelled,
        share: 1,
        examples: [],
        message: `the label "${this.column}" has more than ${formatCount(MAX_CLASSES)} distinct values; class balance needs a class label`,
      };
    }
    const shares = [...this.classes].map(([name, { count: n, firstRow }]) => ({
      name,
      n,
      firstRow,
      share: this.labelled === 0 ? 0 : n / this.labelled,
    }));
    const failing = new Map<string, (typeof shares)[number]>();
    if (this.minClassShare !== undefined) for (const c of shares) if (c.share < this.minClassShare) failing.set(c.name, c);
    if (this.minMinorityShare !== undefined) {
      const smallest = shares.reduce<(typeof shares)[number] | undefined>(
        (min, c) => (min === undefined || c.share < min.share ? c : min),
        undefined,
      );
      if (shares.length < 2) {
        return {
          ...base,
          count: 0,
          share: 0,
          examples: [],
          message: `the label "${this.column}" has ${shares.length === 0 ? 'no class' : `only the class "${shares[0]!.name}"`}; the minority class needs at least ${formatShare(this.minMinorityShare)} of labelled rows`,
        };
      }
      if (smallest !== undefined && smallest.share < this.minMinorityShare) failing.set(smallest.name, smallest);
    }
    if (failing.size === 0) return undefined;
    const classes = [...failing.values()].sort((a, b) => a.share - b.share);
    const bound = Math.max(this.minClassShare ?? 0, this.minMinorityShare ?? 0);
    const labelled = `the ${plural(this.labelled, 'labelled row', 'labelled rows')}`;
    const message =
      classes.length === 1
        ? `class "${classes[0]!.name}" has ${formatShare(classes[0]!.share)} of ${labelled}; each class needs at least ${formatShare(bound)}`
        : `classes ${classes.map((c) => `"${c.name}" (${formatShare(c.share)})`).join(', ')} are below ${formatShare(bound)} of ${labelled}`;
    return {
      ...base,
      count: classes.reduce((sum, c) => sum + c.n, 0),
      share: classes[0]!.share,
      examples: classes.filter((c) => c.n > 0).map((c) => ({ row: c.firstRow, value: c.name })),
      message,
    };
  }
}

/** The newest value of the freshness column, and how many values are older than the allowed delay. */
export class FreshnessTally {
  private newest = -Infinity;
  private newestExample: Example | undefined;
  private values = 0;
  private stale = 0;
  private readonly oldestAllowed: number;

  constructor(
    private readonly column: string,
    private readonly now: number,
    private readonly maxDelayMs: number,
    private readonly severity: Severity,
  ) {
    this.oldestAllowed = now - maxDelayMs;
  }

  readonly observe = (value: number | string, row: number, cell: unknown): void => {
    const ms = value as number;
    this.values++;
    if (ms < this.oldestAllowed) this.stale++;
    if (ms > this.newest) {
      this.newest = ms;
      this.newestExample = { row, value: exampleValue(cell) };
    }
  };

  issue(): ReportIssue | undefined {
    const base = { code: 'stale_data', column: null, severity: this.severity } as const;
    if (this.newestExample === undefined) {
      return {
        ...base,
        count: 0,
        share: 1,
        examples: [],
        message: `"${this.column}" has no valid timestamp, so the data cannot be shown to be fresh`,
      };
    }
    const delay = this.now - this.newest;
    if (delay <= this.maxDelayMs) return undefined;
    return {
      ...base,
      count: this.stale,
      share: this.stale / this.values,
      examples: [this.newestExample],
      message: `the newest "${this.column}" is ${formatTimestamp(this.newest)}, ${formatDuration(delay)} before the check time; at most ${formatDuration(this.maxDelayMs)} is allowed`,
    };
  }
}
