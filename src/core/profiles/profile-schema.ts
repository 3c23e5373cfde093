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
}

export interface ProfileSchema {
  readonly columns: readonly ColumnSchema[];
}

/** Default number of bins on the reference's quantiles (outer bins open). */
export const DEFAULT_BINS = 10;
