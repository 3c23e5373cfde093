import type { ColumnDrift, DriftReport } from '../../core/drift/drift-report.ts';
import type { Store } from '../../store/store.ts';

/** A drift column with the rank of its feature in the version's global importance (1: most important; null: unknown). */
export type RankedColumnDrift = ColumnDrift & { readonly importance_rank: number | null };

export type RankedDriftReport = Omit<DriftReport, 'columns'> & { readonly columns: readonly RankedColumnDrift[] };

/** Feature name → importance rank of a version; empty when it has no global importance. */
export async function importanceRanks(store: Pick<Store, 'importance'>, versionId: string): Promise<ReadonlyMap<string, number>> {
  const importance = await store.importance.findByVersion(versionId);
  return new Map((importance?.features ?? []).map((f) => [f.feature, f.rank]));
}

/**
 * Each column's importance rank beside its drift (null for a column the ranking does not name: a
 * label, a model output, or any column of a version without importance), so a reader can put the
 * columns that matter most first.
 */
export function withImportanceRanks(report: DriftReport, ranks: ReadonlyMap<string, number>): RankedDriftReport {
  return { ...report, columns: report.columns.map((c) => ({ ...c, importance_rank: ranks.get(c.name) ?? null })) };
}

/** Order for `--order importance`: the most important column first, columns without a rank last (by name). */
export function byImportance(a: RankedColumnDrift, b: RankedColumnDrift): number {
  const rank = (c: RankedColumnDrift) => c.importance_rank ?? Infinity;
  return rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
