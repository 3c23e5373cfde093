import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Reads the committed fixtures of test/fixtures/lightgbm (made by make_fixtures.py); used by tests only. */

const FIXTURE_DIR = fileURLToPath(new URL('../../../../test/fixtures/lightgbm/', import.meta.url));

export type FixtureValue = number | string | null;

export interface FixtureCase {
  readonly name: string;
  readonly file: string;
  readonly notes: string;
  /** Rows in model feature order: null is NaN, 'inf' / '-inf' are infinities. */
  readonly inputs: readonly (readonly FixtureValue[])[];
  /** Encoded like `inputs`: a linear tree given infinities predicts NaN. */
  readonly raw: readonly (readonly FixtureValue[])[];
  readonly predictions: readonly (readonly FixtureValue[])[];
  readonly feature_names?: readonly string[];
  /** The first rows of `inputs`, with category names instead of codes (null: missing). */
  readonly named_inputs?: readonly (readonly FixtureValue[])[];
}

export interface FixtureFile {
  readonly metadata: Record<string, string | number>;
  readonly cases: readonly FixtureCase[];
}

export function readFixtureCases(): FixtureFile {
  return JSON.parse(readFileSync(`${FIXTURE_DIR}cases.json`, 'utf8')) as FixtureFile;
}

export function readModelBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(`${FIXTURE_DIR}${file}`));
}

function decodeValue(value: FixtureValue): number {
  if (value === null) return NaN;
  if (value === 'inf') return Infinity;
  if (value === '-inf') return -Infinity;
  if (typeof value === 'number') return value;
  throw new Error(`unexpected fixture value ${JSON.stringify(value)}`);
}

/** Column-major batch columns from fixture rows. */
export function toColumns(rows: readonly (readonly FixtureValue[])[], numFeatures: number): Float64Array[] {
  return Array.from({ length: numFeatures }, (_, f) => Float64Array.from(rows, (row) => decodeValue(row[f] ?? null)));
}

export function decodeRows(rows: readonly (readonly FixtureValue[])[]): number[][] {
  return rows.map((row) => row.map(decodeValue));
}

/** Largest |actual - expected| over row-major values; NaN matches only NaN (else the difference is Infinity). */
export function maxAbsDifference(actual: ArrayLike<number>, expected: readonly (readonly number[])[]): number {
  const flat = expected.flat();
  if (flat.length !== actual.length) throw new Error(`length ${actual.length} differs from expected ${flat.length}`);
  let max = 0;
  flat.forEach((value, i) => {
    const got = actual[i]!;
    if (Number.isNaN(value) || Number.isNaN(got)) {
      if (Number.isNaN(value) !== Number.isNaN(got)) max = Infinity;
      return;
    }
    max = Math.max(max, got === value ? 0 : Math.abs(got - value));
  });
  return max;
}
