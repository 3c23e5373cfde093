/**
 * What a column of numbers is, decided once from the reference (a file's reference side, or the
 * training snapshot when a version's reference profile is built), so that the file drift check and
 * the serving windows treat the same column alike:
 *
 * - a time-like column (`year`, `timestamp`, or integers that only grow down the rows) moves forward
 *   by construction: every later sample lies beyond the reference, KS is 1 and the "drift" says only
 *   that time passed. Skipped.
 * - an identifier (`id`, `PassengerId`: distinct integers counting rows) has no distribution to
 *   compare either. Skipped, as text identifiers already are.
 * - a column with few distinct values (a 0/1 label, a flag, a 1–5 rating) is a set of categories:
 *   KS on two values says little that the shares do not, and new values should read as new
 *   categories. Evidently does the same: its default test for a numerical column with at most 5
 *   distinct values is a categorical one (`_get_default_stattest` in
 *   evidently/calculations/stattests/registry.py: chi-square or z-test up to 1,000 rows,
 *   Jensen–Shannon above); NannyML treats low-cardinality numeric columns as categorical too.
 *   Ballast counts the distinct values in the reference only, so the decision is made once.
 * - anything else is numeric.
 */

import { plural } from '../format-numbers.ts';

/** A numeric column with at most this many distinct values in the reference is categorical. */
export const CATEGORICAL_MAX_DISTINCT = 5;
/** Fewer present values than this tell nothing about being an identifier (any small sample is all distinct). */
const IDENTIFIER_MIN_VALUES = 20;
/**
 * Share of distinct values from which integers may be an identifier; below 1 because the serving
 * side counts distinct values with HyperLogLog (1.6% standard error), and a 97%-distinct integer
 * column spanning about its own length is still a row counter.
 */
const IDENTIFIER_DISTINCT_SHARE = 0.97;
/**
 * Name parts that say a column holds a point in time. Plurals are left out on purpose:
 * `years_at_job` and `tenure_months` are durations, genuine features.
 */
const TIME_PARTS = new Set(['year', 'yr', 'date', 'datetime', 'timestamp', 'epoch']);
/** Whole names that do ("time" as a part is too often a duration: `session_time`). */
const TIME_NAMES = new Set(['time', 'period']);

/** What the reference's numbers in one column look like. */
export interface NumericColumnFacts {
  readonly name: string;
  /** Finite numbers present. */
  readonly present: number;
  /** Distinct values among them (exact, or a sketch's estimate); `CATEGORICAL_MAX_DISTINCT + 1` may stand for "more". */
  readonly distinct: number;
  readonly integers: boolean;
  /** Every value larger than the one in the row before. */
  readonly increasing: boolean;
  /** Every value at least the one in the row before. */
  readonly nonDecreasing: boolean;
  readonly min: number;
  readonly max: number;
}

export type NumericColumnRole =
  | { readonly role: 'numeric' }
  | { readonly role: 'categorical'; readonly reason: string }
  | { readonly role: 'skipped'; readonly reason: string };

export function numericColumnRole(facts: NumericColumnFacts): NumericColumnRole {
  if (facts.present === 0) return { role: 'numeric' };
  if (isTimeName(facts.name))
    return { role: 'skipped', reason: `time-like: its name says it holds time, and later data lies beyond the reference by construction` };
  const many = facts.present >= IDENTIFIER_MIN_VALUES;
  if (many && facts.integers && facts.increasing) {
    return {
      role: 'skipped',
      reason: `looks like an identifier: integers that increase with every one of the ${facts.present} reference rows`,
    };
  }
  if (
    many &&
    facts.integers &&
    facts.distinct >= IDENTIFIER_DISTINCT_SHARE * facts.present &&
    facts.max - facts.min + 1 <= 2 * facts.present
  ) {
    return {
      role: 'skipped',
      reason: `looks like an identifier: ${facts.distinct === facts.present ? 'all' : 'nearly all'} of the ${facts.present} reference values are distinct integers numbering the rows (${facts.min} to ${facts.max})`,
    };
  }
  if (facts.distinct <= CATEGORICAL_MAX_DISTINCT) {
    return { role: 'categorical', reason: `${plural(facts.distinct, 'distinct value')} in the reference: compared as categories` };
  }
  if (many && facts.integers && facts.nonDecreasing) {
    return {
      role: 'skipped',
      reason: `time-like: integers that never decrease down the ${facts.present} reference rows, like a period counter`,
    };
  }
  return { role: 'numeric' };
}

/** `year`, `model_year`, `signupDate`, `event-timestamp`, `time`: the name says it holds a point in time. */
export function isTimeName(name: string): boolean {
  const parts = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return TIME_NAMES.has(parts.join('_')) || parts.some((part) => TIME_PARTS.has(part));
}

/** Facts of a column read whole (a file's values, NaN where a row has no number), exact. */
export function numericFactsOf(name: string, rowValues: ArrayLike<number>, sorted: ArrayLike<number>): NumericColumnFacts {
  let increasing = true;
  let nonDecreasing = true;
  let integers = true;
  let previous = Number.NaN;
  for (let i = 0; i < rowValues.length; i++) {
    const x = rowValues[i] as number;
    if (!Number.isFinite(x)) continue;
    if (!Number.isInteger(x)) integers = false;
    if (!Number.isNaN(previous)) {
      if (x <= previous) increasing = false;
      if (x < previous) nonDecreasing = false;
    }
    previous = x;
  }
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const present = sorted.length;
  return {
    name,
    present,
    distinct,
    integers: integers && present > 0,
    increasing: increasing && present > 1,
    nonDecreasing: nonDecreasing && present > 1,
    min: present > 0 ? (sorted[0] as number) : Number.NaN,
    max: present > 0 ? (sorted[present - 1] as number) : Number.NaN,
  };
}
