import type { FlaggedViolation, PredictionLogRecord } from '../serving-records.ts';

/** What a masked value reads as, sensitive and pii alike: a string, so no type leaks a hint. */
export const MASK = '***';

/**
 * The message of a violation on a sensitive column, which must not echo the value (row checks say
 * "is 212, above …"): the code and the column say what failed, the value stays in the log.
 */
function maskedViolationMessage(column: string, code: string): string {
  return `the value of sensitive column "${column}" failed ${code} (value withheld)`;
}

/** What masking reads of a logged prediction or a review item: the inputs and any violations. */
export type Maskable = Pick<PredictionLogRecord, 'inputs' | 'violations'>;

/** Does the record hold a value of a sensitive column (an input, or a violation's message)? */
export function carriesSensitive(record: Maskable, columns: ReadonlySet<string>): boolean {
  if (columns.size === 0) return false;
  for (const name of Object.keys(record.inputs)) if (columns.has(name)) return true;
  return (record.violations ?? []).some((v) => columns.has(v.column));
}

export function maskInputs(inputs: Readonly<Record<string, unknown>>, columns: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(inputs)) out[name] = columns.has(name) ? MASK : value;
  return out;
}

export function maskViolations<V extends FlaggedViolation>(violations: readonly V[], columns: ReadonlySet<string>): V[] {
  return violations.map((v) => (columns.has(v.column) ? { ...v, message: maskedViolationMessage(v.column, v.code) } : v));
}

/** The record (a logged prediction, a review item) with every value of `columns` masked; the same object when it holds none. */
export function maskPrediction<R extends Maskable>(record: R, columns: ReadonlySet<string>): R {
  if (!carriesSensitive(record, columns)) return record;
  return {
    ...record,
    inputs: maskInputs(record.inputs, columns),
    ...(record.violations ? { violations: maskViolations(record.violations, columns) } : {}),
  };
}
