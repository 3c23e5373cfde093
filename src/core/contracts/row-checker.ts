import { compileColumnChecks, emptyParsedCell, type CellStatus, type ColumnCheck } from './compile-column-checks.ts';
import type { Contract, Severity, ViolationCode, ViolationPolicy } from './contract-types.ts';
import { describeCell } from './describe-cell.ts';

/** One rule one request row broke; `policy` says whether the row is refused (422) or served and recorded. */
export interface LiveViolation {
  readonly column: string;
  readonly code: Extract<
    ViolationCode,
    'type_mismatch' | 'null_not_allowed' | 'out_of_range' | 'unknown_category' | 'pattern_mismatch' | 'unexpected_column'
  >;
  readonly severity: Severity;
  readonly policy: ViolationPolicy;
  readonly message: string;
}

/** Checks one request instance; undefined when it is clean. */
export type RowChecker = (instance: Readonly<Record<string, unknown>>) => LiveViolation[] | undefined;

interface LiveColumn {
  readonly check: ColumnCheck;
  readonly name: string;
  /** A column named like an Object.prototype member ("constructor") must be looked up as an own key. */
  readonly inherited: boolean;
  readonly valuePolicy: ViolationPolicy;
  /** What each kind of failure should have been, worded once at compile time. */
  readonly expected: Readonly<Record<'type_mismatch' | 'out_of_range' | 'unknown_category' | 'pattern_mismatch', string>>;
}

/**
 * Compiles a contract into a checker for the serving path, once per contract version. Cells are
 * JSON values as a service sends them (a number column needs a JSON number; null is missing).
 *
 * What applies to a single row: each column's type, nullability (an absent key counts as missing:
 * fine when the column is nullable, `null_not_allowed` when not), range, values and pattern, and
 * extra keys when the contract sets `allow_extra_columns: false`. What does not: the dataset rules
 * (row count, duplicates, label balance, freshness) and the share rules `missing_max` and `unique`,
 * which only a set of rows can break; the monitor applies them to the per-window counts.
 *
 * `mostly` says a share of rows may fail a value check. A single failing row cannot tell whether
 * that share is exceeded, so rejecting it would refuse rows the contract allows: value violations
 * of a column with `mostly` < 1 are always flagged (served and counted), whatever `on_violation`
 * says. Type and null violations keep the column's policy.
 *
 * The clean path allocates nothing: the array is made on the first violation.
 */
export function compileRowChecker(contract: Contract): RowChecker {
  const columns: LiveColumn[] = compileColumnChecks(contract, 'request').map((check) => ({
    check,
    name: check.column,
    inherited: check.column in Object.prototype,
    valuePolicy: check.mostly < 1 ? 'flag' : check.policy,
    expected: {
      type_mismatch: check.expectation('type_mismatch'),
      out_of_range: check.expectation('out_of_range'),
      unknown_category: check.expectation('unknown_category'),
      pattern_mismatch: check.expectation('pattern_mismatch'),
    },
  }));
  const count = columns.length;
  const known = new Set(columns.map((c) => c.name));
  const strict = contract.dataset?.allow_extra_columns === false;
  const extraSeverity = contract.defaults?.severity ?? 'error';
  const extraPolicy = contract.defaults?.on_violation ?? 'reject';
  const parsed = emptyParsedCell();

  return (instance) => {
    let violations: LiveViolation[] | undefined;
    for (let i = 0; i < count; i++) {
      const column = columns[i]!;
      const cell = column.inherited && !Object.hasOwn(instance, column.name) ? undefined : instance[column.name];
      const status = column.check.classify(cell, parsed);
      if (status === 'ok' || (status === 'missing' && column.check.nullable)) continue;
      (violations ??= []).push(violation(column, status, cell));
    }
    if (strict) {
      for (const key in instance) {
        if (!known.has(key)) {
          const message = `"${key}" is not a column of the contract, which does not allow extra columns`;
          (violations ??= []).push({ column: key, code: 'unexpected_column', severity: extraSeverity, policy: extraPolicy, message });
        }
      }
    }
    return violations;
  };
}

function violation(column: LiveColumn, status: Exclude<CellStatus, 'ok'>, cell: unknown): LiveViolation {
  const { check, name } = column;
  switch (status) {
    case 'missing':
      return {
        column: name,
        code: 'null_not_allowed',
        severity: check.severity,
        policy: check.policy,
        message: `"${name}" is ${cell === undefined ? 'absent' : 'null'}; the column may not be missing`,
      };
    case 'type_mismatch':
      return {
        column: name,
        code: status,
        severity: check.severity,
        policy: check.policy,
        message: `"${name}" must be ${column.expected.type_mismatch}, got ${describeCell(cell)}`,
      };
    default:
      return {
        column: name,
        code: status,
        severity: check.severity,
        policy: column.valuePolicy,
        message: `"${name}" is ${describeCell(cell)}, expected ${column.expected[status]}`,
      };
  }
}
