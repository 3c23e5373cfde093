import type { ColumnRule, Contract, DatasetRules, Severity, ViolationPolicy } from '../api/contract-types.ts';
import { formatInteger } from './format.ts';
import { formatShare } from './format.ts';

/**
 * A contract's rules as a person reads them: the effective severity and policy of each column (a
 * rule's own, else the contract's defaults, else the format's), ranges as one phrase, shares as
 * percentages. What the contract leaves out stays out: `undefined` means "no such rule".
 */

export interface ColumnRuleView {
  readonly column: string;
  readonly type: string;
  readonly nullable: boolean;
  readonly range: string | undefined;
  readonly values: readonly string[] | undefined;
  readonly pattern: string | undefined;
  readonly missingMax: string | undefined;
  readonly unique: boolean;
  readonly mostly: string | undefined;
  readonly severity: Severity;
  readonly onViolation: ViolationPolicy;
  /** Whether severity / on_violation came from the contract's defaults or the format's, not the column. */
  readonly severityInherited: boolean;
  readonly onViolationInherited: boolean;
  readonly description: string | undefined;
}

export function columnRuleViews(contract: Contract): ColumnRuleView[] {
  return Object.entries(contract.columns).map(([column, rule]) => columnRuleView(column, rule, contract.defaults));
}

export function columnRuleView(column: string, rule: ColumnRule, defaults: Contract['defaults']): ColumnRuleView {
  return {
    column,
    type: rule.type,
    nullable: rule.nullable ?? true,
    range: describeRange(rule.min, rule.max),
    values: rule.values?.map(String),
    pattern: rule.pattern,
    missingMax: rule.missing_max === undefined ? undefined : formatShare(rule.missing_max),
    unique: rule.unique ?? false,
    // `mostly` of 1 is the default: every row must pass, which is not worth a chip.
    mostly: rule.mostly === undefined || rule.mostly >= 1 ? undefined : formatShare(rule.mostly),
    severity: rule.severity ?? defaults?.severity ?? 'error',
    onViolation: rule.on_violation ?? defaults?.on_violation ?? 'reject',
    severityInherited: rule.severity === undefined,
    onViolationInherited: rule.on_violation === undefined,
    description: rule.description,
  };
}

/** `18 – 100`, `≥ 0`, `≤ 2025-12-31T00:00:00Z`, or undefined without bounds. */
export function describeRange(min: number | string | undefined, max: number | string | undefined): string | undefined {
  if (min !== undefined && max !== undefined) return `${bound(min)} – ${bound(max)}`;
  if (min !== undefined) return `≥ ${bound(min)}`;
  if (max !== undefined) return `≤ ${bound(max)}`;
  return undefined;
}

function bound(value: number | string): string {
  // Bounds are exact: a range of 0 – 5000000 must not read as 0 – 5M.
  return typeof value === 'number' ? String(value) : value;
}

// Shares print as everywhere else (src/core/format-numbers.ts): 0.05 → `5%`, 0.0025 → `0.25%`.
export { formatShare };

/** The dataset rules a contract states, as label–text pairs in the format's order. */
export function datasetRuleViews(dataset: DatasetRules | undefined): [string, string][] {
  if (dataset === undefined) return [];
  const rows: [string, string][] = [];
  const { row_count: rowCount, label, freshness } = dataset;
  if (rowCount && (rowCount.min !== undefined || rowCount.max !== undefined)) {
    rows.push([
      'Row count',
      describeRange(
        rowCount.min === undefined ? undefined : formatInteger(rowCount.min),
        rowCount.max === undefined ? undefined : formatInteger(rowCount.max),
      )!,
    ]);
  }
  if (dataset.duplicate_rows_max !== undefined) rows.push(['Duplicate rows', `at most ${formatShare(dataset.duplicate_rows_max)} of rows`]);
  if (label) {
    const parts = [`column ${label.column}`];
    if (label.min_class_share !== undefined) parts.push(`every class at least ${formatShare(label.min_class_share)}`);
    if (label.min_minority_share !== undefined) parts.push(`minority class at least ${formatShare(label.min_minority_share)}`);
    rows.push(['Label balance', parts.join(', ')]);
  }
  if (freshness) rows.push(['Freshness', `newest ${freshness.column} at most ${freshness.max_delay} old`]);
  if (dataset.allow_extra_columns !== undefined) {
    rows.push(['Extra columns', dataset.allow_extra_columns ? 'allowed' : 'not allowed: every column must be listed']);
  }
  return rows;
}
