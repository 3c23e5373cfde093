/**
 * What a profile of a column holds is decided once, from the reference: its kind, and for numeric
 * columns the reference's quantile bin edges and range. Every live window of a deployment is profiled
 * on the same schema, so a window's histogram lines up with the reference's bins and the reference
 * never has to be read again.
 */
export type ColumnKind = 'numeric' | 'categorical';

export interface ColumnSchema {
  readonly name: string;
  readonly kind: ColumnKind;
  /** Numeric: interior bin edges (the reference's quantiles), strictly increasing. */
  readonly edges?: readonly number[];
  /** Numeric: the reference's smallest and largest value; values outside are counted as out of range. */
  readonly range?: readonly [number, number];
  /**
   * Categorical: the reference held only numbers, and few distinct ones (a 0/1 flag, a rating), so
   * values are counted by their shortest form: 1, "1" and "1.0" are one category.
   */
  readonly numbers?: true;
  /**
   * Why drift leaves this column out (an identifier, a time-like column): decided once from the
   * reference, like the kind. Windows still profile it for its quality counters, without a range.
   */
  readonly skipped?: string;
}

export interface ProfileSchema {
  readonly columns: readonly ColumnSchema[];
}

/** Default number of bins on the reference's quantiles (outer bins open). */
export const DEFAULT_BINS = 10;
