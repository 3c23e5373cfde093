import type { ReportIssue, Severity, ValidationReport } from '../api/contract-types.ts';

/**
 * How a validation report reads: the verdict, the counts, and the issues grouped by column with
 * dataset-wide rules first (as the HTML report of `ballast contract validate --html` does).
 */

const ruleNames: Readonly<Record<string, string>> = {
  missing_column: 'Column missing',
  unexpected_column: 'Unexpected column',
  type_mismatch: 'Wrong type',
  null_not_allowed: 'Missing value',
  missing_share: 'Too many missing',
  out_of_range: 'Out of range',
  unknown_category: 'Unknown category',
  pattern_mismatch: 'Pattern mismatch',
  not_unique: 'Not unique',
  row_count: 'Row count',
  duplicate_rows: 'Duplicate rows',
  label_imbalance: 'Label imbalance',
  stale_data: 'Stale data',
};

/** A readable name for a violation code; a code this dashboard does not know yet shows as itself. */
export function ruleName(code: string): string {
  return ruleNames[code] ?? code;
}

export type Verdict = 'passed' | 'warnings' | 'failed';

export interface ReportSummary {
  readonly verdict: Verdict;
  readonly headline: string;
  readonly explanation: string;
  readonly errors: number;
  readonly warnings: number;
  readonly columnsAffected: number;
}

export function summarizeReport(report: ValidationReport): ReportSummary {
  const errors = report.issues.filter((issue) => issue.severity === 'error').length;
  const warnings = report.issues.length - errors;
  const columnsAffected = new Set(report.issues.flatMap((issue) => (issue.column === null ? [] : [issue.column]))).size;
  // `passed` is the server's verdict; the counts only explain it.
  if (!report.passed) {
    return {
      verdict: 'failed',
      headline: 'Failed',
      explanation: `${errors === 1 ? '1 error-severity rule fails' : `${errors} error-severity rules fail`}; the data does not meet the contract.`,
      errors,
      warnings,
      columnsAffected,
    };
  }
  if (warnings > 0) {
    return {
      verdict: 'warnings',
      headline: 'Passed with warnings',
      explanation: 'Every error-severity rule holds; the warnings below do not fail the check.',
      errors,
      warnings,
      columnsAffected,
    };
  }
  return { verdict: 'passed', headline: 'Passed', explanation: 'Every rule of the contract holds.', errors, warnings, columnsAffected };
}

export interface IssueGroup {
  /** Null for the whole dataset. */
  readonly column: string | null;
  readonly worst: Severity;
  readonly issues: readonly ReportIssue[];
}

/** Dataset-wide issues first, then each column in the order the report first names it. */
export function groupIssues(issues: readonly ReportIssue[]): IssueGroup[] {
  const byColumn = new Map<string | null, ReportIssue[]>();
  if (issues.some((issue) => issue.column === null)) byColumn.set(null, []);
  for (const issue of issues) {
    const group = byColumn.get(issue.column);
    if (group) group.push(issue);
    else byColumn.set(issue.column, [issue]);
  }
  return [...byColumn].map(([column, list]) => ({
    column,
    worst: list.some((issue) => issue.severity === 'error') ? 'error' : 'warn',
    issues: list,
  }));
}
