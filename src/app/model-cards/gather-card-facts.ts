import type { CardFacts, CardFactsDrift, CardFactsWindow } from '../../core/model-cards/card-facts.ts';
import type { CardSection } from '../../core/model-cards/model-card.ts';
import { effectiveSensitiveColumns } from '../../core/privacy/sensitive-marks.ts';
import type { AppContext } from '../context.ts';
import { versionReviews } from '../governance/periodic-reviews.ts';
import { closedWindowDrift } from '../monitoring/closed-window-drift.ts';
import { DEFAULT_WINDOW_MS } from '../monitoring/window-profiler.ts';
import { deploymentPerformance, type EstimatorSource } from '../performance/deployment-performance.ts';
import type { ResolvedVersion } from '../resolve-model.ts';

const DAY_MS = 86_400_000;
/** Live performance and contract violations are read over this many days before now. */
const CARD_RANGE_DAYS = 7;
/** The latest closed window is looked for among windows that started in this span before the newest end. */
const LATEST_WINDOW_LOOKBACK_MS = DAY_MS;

export interface CardSources {
  /** The serving path's base window (the server's; DEFAULT_WINDOW_MS elsewhere): card windows are a day rounded up to it. */
  readonly baseWindowMs?: number;
  readonly estimate?: EstimatorSource;
}

/**
 * Reads everything the card shows, now. Registry, annotations, snapshot, contract, runs, importance and
 * governance are plain reads; the live sections (performance per window, drift of the latest closed window,
 * violation counts) read the log and window profiles of the deployments whose binding is this version, and
 * a failure there is recorded as unreadable instead of failing the card.
 */
export async function gatherCardFacts(ctx: AppContext, resolved: ResolvedVersion, sources: CardSources = {}): Promise<CardFacts> {
  const { store } = ctx;
  const { model, version } = resolved;
  const now = ctx.clock();
  const unreadable: { section: CardSection; reason: string }[] = [];
  const [aliases, annotations, marks, snapshot, contract, testRuns, importance, labelled, approvals, deployments] = await Promise.all([
    store.aliases.listForModel(model.id),
    store.modelCards.annotationsOf(version.id),
    store.sensitiveColumns.listForVersion(version.id),
    version.snapshotId === null ? undefined : store.snapshots.findById(version.snapshotId),
    version.contractId === null ? undefined : store.contracts.findById(version.contractId),
    store.testRuns.listForVersion(version.id, 50),
    store.importance.findByVersion(version.id),
    store.labelledReferences.findSummary(version.id),
    store.governance.listApprovals({ versionId: version.id, limit: 100 }),
    store.deployments.list(),
  ]);
  const serving = deployments.filter((d) => d.versionId === version.id).map((d) => d.name);
  const reviews = (await Promise.all(approvals.map((a) => store.governance.reviewsOfApproval(a.id))))
    .flat()
    .sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1));
  const { schedule } = await versionReviews(ctx, `${model.name}:${version.version}`);

  const baseWindowMs = sources.baseWindowMs ?? DEFAULT_WINDOW_MS;
  const windowMs = Math.ceil(DAY_MS / baseWindowMs) * baseWindowMs;
  const to = now.toISOString();
  const from = new Date(Math.floor((now.getTime() - CARD_RANGE_DAYS * DAY_MS) / windowMs) * windowMs).toISOString();

  const performanceWindows: CardFactsWindow[] = [];
  const drift: CardFactsDrift[] = [];
  const violations: { deployment: string; column: string; code: string; count: number }[] = [];
  for (const name of serving) {
    await readOrNote(unreadable, ['quantitative_analysis.live_performance', 'quantitative_analysis.estimated_performance'], async () => {
      const answer = await deploymentPerformance({ store, clock: ctx.clock, baseWindowMs, estimate: sources.estimate }, name, {
        from,
        to,
        window: `${windowMs}ms`,
      });
      for (const w of answer.windows)
        if (w.model.name === model.name && w.model.version === version.version)
          performanceWindows.push({
            deployment: name,
            start: w.start,
            end: w.end,
            rows: w.rows,
            labelledRows: w.labelled_rows,
            metrics: w.metrics,
          });
    });
    await readOrNote(unreadable, ['monitoring.drift'], async () => {
      const end = await store.monitoring.latestWindowEnd(name);
      if (end === undefined) return;
      const since = new Date(Date.parse(end) - LATEST_WINDOW_LOOKBACK_MS).toISOString();
      const parts = (await store.monitoring.windows(name, since, end)).filter((w) => w.versionId === version.id);
      for (const window of await closedWindowDrift(store, parts))
        drift.push({ deployment: name, start: window.start, end: window.end, rows: window.rows, report: window.drift });
    });
    await readOrNote(unreadable, ['monitoring.contract_violations'], async () => {
      const totals = new Map<string, { deployment: string; column: string; code: string; count: number }>();
      for (const v of await store.contracts.violationCounts(name, from, to)) {
        const key = `${v.column}\u0000${v.code}`;
        const seen = totals.get(key) ?? { deployment: name, column: v.column, code: v.code, count: 0 };
        totals.set(key, { ...seen, count: seen.count + v.count });
      }
      violations.push(...[...totals.values()].sort((a, b) => b.count - a.count || (a.column < b.column ? -1 : 1)));
    });
  }

  return {
    generatedAt: now.toISOString(),
    model,
    version,
    aliases: aliases.filter((a) => a.versionId === version.id).map((a) => a.alias),
    annotations: annotations ?? null,
    sensitiveColumns: effectiveSensitiveColumns(marks, contract?.contract.columns).map((c) => c.column),
    snapshot: snapshot ?? null,
    contract:
      contract === undefined
        ? null
        : { id: contract.id, name: contract.name, sha256: contract.sha256, columns: Object.keys(contract.contract.columns).length },
    testRuns,
    importance: importance ?? null,
    deployments: serving,
    range: { from, to },
    performanceWindows,
    hasLabelledReference: labelled !== undefined,
    drift,
    violations,
    approvals,
    reviews,
    schedule,
    unreadable,
  };
}

async function readOrNote(
  unreadable: { section: CardSection; reason: string }[],
  sections: readonly CardSection[],
  read: () => Promise<void>,
): Promise<void> {
  try {
    await read();
  } catch (error) {
    const reason = `could not be read: ${error instanceof Error ? error.message : String(error)}`;
    for (const section of sections) unreadable.push({ section, reason });
  }
}
