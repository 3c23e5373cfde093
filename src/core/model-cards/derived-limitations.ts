import type { CheckResult } from '../model-tests/suite-types.ts';
import type { TestRunRecord } from '../model-tests/test-run-record.ts';
import type { CardContractViolation, CardDriftWindow } from './model-card.ts';

/** A contract rule "often fails" when its violations are at least this share of the rows served (1%). */
export const OFTEN_FAILING_SHARE = 0.01;
/** Features ranked this high or higher by global importance count as important for drift. */
export const IMPORTANT_RANK = 5;

interface SliceRow {
  readonly column: string;
  readonly slice: string;
  readonly rows: number;
  readonly value: number | null;
  readonly overall: number | null;
  readonly worse_by: number | null;
  readonly failed: boolean;
}

const fmt = (n: number | null): string => (n === null ? 'undefined' : Number(n.toPrecision(3)).toString());

/** The newest run of each suite: what the version stands on today (older runs were superseded). */
export function latestPerSuite(runs: readonly TestRunRecord[]): TestRunRecord[] {
  const newest = new Map<string, TestRunRecord>();
  for (const run of runs) {
    const seen = newest.get(run.suiteName);
    if (seen === undefined || run.createdAt > seen.createdAt || (run.createdAt === seen.createdAt && run.id > seen.id))
      newest.set(run.suiteName, run);
  }
  return [...newest.values()].sort((a, b) => (a.suiteName < b.suiteName ? -1 : 1));
}

/** Failed slices of a slices check (its `details.slices`, failed ones flagged). */
export function failedSlices(check: CheckResult): { metric: string; slices: SliceRow[] } {
  if (check.type !== 'slices' || typeof check.details !== 'object' || check.details === null) return { metric: '', slices: [] };
  const details = check.details as { metric?: unknown; slices?: unknown };
  const slices = Array.isArray(details.slices) ? (details.slices as SliceRow[]).filter((s) => s.failed) : [];
  return { metric: typeof details.metric === 'string' ? details.metric : 'metric', slices };
}

/**
 * What Ballast's own records say the version is weak at: benchmark slices that failed in the newest run
 * of each suite, failed fairness checks, important features drifting in the latest closed window, and
 * contract rules that live requests often break.
 */
export function deriveLimitations(
  runs: readonly TestRunRecord[],
  drift: readonly CardDriftWindow[],
  violations: readonly CardContractViolation[],
  importanceKnown: boolean,
): string[] {
  const out: string[] = [];
  for (const run of latestPerSuite(runs)) {
    for (const check of run.checks) {
      if (check.passed) continue;
      if (check.type === 'slices') {
        const { metric, slices } = failedSlices(check);
        for (const s of slices)
          out.push(
            `${metric} is ${fmt(s.value)} on ${s.column} = ${s.slice} (${s.rows} rows), ${fmt(s.worse_by)} worse than overall ${fmt(s.overall)} (suite ${run.suiteName}, run ${run.id})`,
          );
      } else if (check.type === 'fairness') {
        out.push(`fairness check "${check.name}" failed: ${check.message} (suite ${run.suiteName}, run ${run.id})`);
      }
    }
  }
  for (const window of drift) {
    for (const column of window.drifted_columns) {
      const important = column.importance_rank !== null && column.importance_rank <= IMPORTANT_RANK;
      if (importanceKnown && !important) continue;
      const rank = column.importance_rank === null ? 'importance unknown' : `importance rank ${column.importance_rank}`;
      out.push(
        `input ${column.name} (${rank}) drifted on deployment ${window.deployment} in the window ${window.start} – ${window.end} (${column.effect_size_name} ${fmt(column.effect_size)})`,
      );
    }
  }
  for (const v of violations) {
    if (v.share === null || v.share < OFTEN_FAILING_SHARE) continue;
    out.push(
      `contract rule ${v.code} on ${v.column} failed for ${(v.share * 100).toFixed(1)}% of requests on deployment ${v.deployment} (${v.count} times)`,
    );
  }
  return out;
}
