// The sizes of a column profile's sketches: together they bound its memory whatever the row count.

/** Exact category counts are kept up to this many distinct values. */
export const CATEGORY_CAPACITY = 256;
/** Misra–Gries counters for a categorical column past CATEGORY_CAPACITY. */
export const FREQUENT_ITEMS_CAPACITY = 64;
/** Values kept in each column's bottom-k sample. */
export const SAMPLE_CAPACITY = 128;
/** KLL accuracy parameter: normalised rank error within 3.3/k. */
export const KLL_K = 200;
/** HyperLogLog registers: 2^12, a 1.63% standard error. */
export const HLL_PRECISION = 12;
