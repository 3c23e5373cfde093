import { compileColumnChecks, emptyParsedCell } from '../../core/contracts/compile-column-checks.ts';
import type { Contract, ReportIssue } from '../../core/contracts/contract-types.ts';
import { DatasetValidator } from '../../core/contracts/dataset-validator.ts';
import type { CheckEvaluator, CheckResult, ContractCheckSpec } from '../../core/model-tests/suite-types.ts';
import type { TableChunk } from '../../core/table.ts';

/** Rule failures a single row can have; the others (row count, duplicates, missing share…) are about the whole set. */
const ROW_CODES = new Set<ReportIssue['code']>([
  'type_mismatch',
  'null_not_allowed',
  'out_of_range',
  'unknown_category',
  'pattern_mismatch',
]);

/**
 * Test data carries more than a request does (the label, sensitive columns, ids): a contract that allows no
 * extra columns would fail every suite on them, so `unexpected_column` is listed in the details but not judged.
 */
const NOT_JUDGED = new Set<ReportIssue['code']>(['unexpected_column']);

/**
 * The `contract` check: the test data against the version's contract, as `ballast contract validate` reads
 * it. `violation_rate` is the share of rows breaking at least one error-severity cell rule (type, missing,
 * range, category, pattern — whatever `mostly` allows, since a test set is meant to be clean) and must stay
 * within `max_violation_rate`; an error-severity rule about the whole set (a missing column, row count,
 * duplicates, a missing share, freshness) fails the check outright. The report's issues are the details.
 * It lives in app because the contract comes from the store; it reads the table the runner already read.
 */
export function contractEvaluator(contract: Contract, table: TableChunk, now: Date): CheckEvaluator<ContractCheckSpec> {
  return (spec) => Promise.resolve(evaluateContract(spec, contract, table, now));
}

function evaluateContract(spec: ContractCheckSpec, contract: Contract, table: TableChunk, now: Date): CheckResult {
  const validator = new DatasetValidator(contract, { now });
  validator.addChunk(table);
  const report = validator.finish();
  const rows = table.rows.length;
  const positions = new Map(table.columns.map((name, at) => [name, at]));
  const checks = compileColumnChecks(contract, 'file').filter((check) => check.severity === 'error');
  const parsed = emptyParsedCell();
  let failing = 0;
  for (const { cells } of table.rows) {
    const bad = checks.some((check) => {
      const at = positions.get(check.column);
      if (at === undefined) return false; // a missing column is a whole-set failure below
      const status = check.classify(cells[at] ?? null, parsed);
      return !(status === 'ok' || (status === 'missing' && check.nullable));
    });
    if (bad) failing++;
  }
  const rate = rows === 0 ? 0 : failing / rows;
  const setErrors = report.issues.filter(
    (issue) => issue.severity === 'error' && !ROW_CODES.has(issue.code) && !NOT_JUDGED.has(issue.code),
  );
  const passed = rate <= spec.max_violation_rate && setErrors.length === 0;
  const percent = (x: number) => `${(x * 100).toFixed(2)}%`;
  const message =
    setErrors.length > 0
      ? `the data breaks ${setErrors.length} rule${setErrors.length === 1 ? '' : 's'} of the whole set: ${setErrors.map((i) => i.message).join('; ')}`
      : `${failing} of ${rows} rows (${percent(rate)}) break an error rule of the contract; at most ${percent(spec.max_violation_rate)} may`;
  return {
    name: spec.name,
    type: 'contract',
    severity: spec.severity,
    passed,
    values: { violation_rate: rate, failing_rows: failing, set_errors: setErrors.length },
    bounds: { violation_rate: { max: spec.max_violation_rate }, set_errors: { max: 0 } },
    details: {
      issues: report.issues.map((i) => ({
        code: i.code,
        column: i.column,
        severity: i.severity,
        count: i.count,
        share: i.share,
        message: i.message,
      })),
    },
    message,
  };
}
