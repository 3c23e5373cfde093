import type { RankedColumnDrift } from '../monitoring/importance-ranks.ts';

/** How many of a version's most important input columns drift.important.* watch. */
const IMPORTANT_COLUMNS = 5;

/**
 * The drift of the version's five most important input columns that the window compared: the share
 * that drifted (`drift.important.share`), or the largest effect size among them (`drift.important.max`).
 * Columns the window could not compare (skipped, no statistic) are left out of both; when none is
 * left, or the version has no importance at all, the reason there is no value.
 */
export function importantColumnsDrift(
  kind: 'drift.important.share' | 'drift.important.max',
  columns: readonly RankedColumnDrift[],
): { readonly value: number } | { readonly noData: string } {
  if (columns.every((c) => c.importance_rank === null))
    return {
      noData: 'the version has no global importance (it is computed at registration with training data; ballast importance --recompute)',
    };
  const important = columns.filter(
    (c) => c.importance_rank !== null && c.importance_rank <= IMPORTANT_COLUMNS && c.effect_size.value !== null,
  );
  if (important.length === 0)
    return { noData: `none of the version's ${IMPORTANT_COLUMNS} most important columns could be compared in the window` };
  return {
    value:
      kind === 'drift.important.share'
        ? important.filter((c) => c.drifted).length / important.length
        : Math.max(...important.map((c) => c.effect_size.value!)),
  };
}
