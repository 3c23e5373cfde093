/**
 * The A/B comparison of a deployment's two variants: the stable version and the candidate of its
 * running A/B rollout (or any two versions named), over the same time. Per variant the rows it
 * served (logged predictions: with a log sample rate below 1 a sample of them), each business KPI
 * of the deployment's config compared with its test, the 95% interval of the difference, the rows
 * each variant needs to find a stated effect and whether both have them, and realised performance
 * where labels have arrived.
 *
 * Cost: the KPIs read the events of the range (deployment-kpis.ts); realised performance scans the
 * logged predictions of the range once with their labels, like the performance route (about
 * 30,000–40,000 rows/s on embedded SQLite), so a long test of a busy deployment wants a `from`.
 */
import { BallastError } from '../../core/errors.ts';
import { abKpiVerdict } from '../../core/kpis/ab-kpi-comparison.ts';
import type { DifferenceInterval } from '../../core/kpis/ab-difference-interval.ts';
import type { KpiAggregate, KpiDefinition } from '../../core/kpis/kpi-definitions.ts';
import type { KpiVersionComparison } from '../../core/kpis/kpi-accumulator.ts';
import type { Store } from '../../store/store.ts';
import type { AppContext } from '../context.ts';
import { accumulateKpis } from '../deployment-kpis.ts';
import { WindowAccumulator } from '../performance/window-accumulator.ts';
import { windowPerformance } from '../performance/window-report.ts';
import { resolveModelRef } from '../resolve-model.ts';

/** The effect asked for when none is given: two percentage points of a rate, 2% of a mean. */
export const DEFAULT_AB_EFFECT = 0.02;
const DAY_MS = 86_400_000;
/** KPI windows only group the counting here (the comparison merges them): an hour keeps the groups few. */
const KPI_WINDOW_MS = 3_600_000;
const PAGE_SIZE = 5000;

export interface AbQuery {
  /** ISO; default: when the A/B rollout started (a day before `to` for two versions named). */
  readonly from?: string;
  /** ISO; default: now. */
  readonly to?: string;
  /** The smallest difference worth finding (ab-kpi-comparison.ts says its unit per KPI); default 0.02. */
  readonly effect?: number;
  /** Two MODEL_REFs to compare instead of the running A/B rollout's variants (`a` the baseline). */
  readonly a?: string;
  readonly b?: string;
}

type ModelRef = { readonly name: string; readonly version: number };
type Side = { readonly value: number | null; readonly count: number };

export interface AbKpi {
  readonly name: string;
  readonly aggregate: KpiAggregate;
  readonly test: 'two_proportion_z' | 'welch_t';
  readonly a: Side;
  readonly b: Side;
  /** b − a. */
  readonly difference: number | null;
  readonly ci: DifferenceInterval | null;
  readonly p_value: number | null;
  /** The effect min_sample_per_variant is for, in the KPI's unit. */
  readonly effect: number | null;
  readonly min_sample_per_variant: number | null;
  readonly enough_data: boolean;
}

export interface AbAnalysis {
  readonly deployment: string;
  readonly from: string;
  readonly to: string;
  readonly effect: number;
  readonly variants: readonly { readonly role: 'stable' | 'variant'; readonly model: ModelRef; readonly rows: number }[];
  readonly kpis: readonly AbKpi[];
  readonly performance: readonly {
    readonly metric: string;
    readonly a: number | null;
    readonly b: number | null;
    readonly labelled: { readonly a: number; readonly b: number };
  }[];
}

export async function abAnalysis(ctx: Pick<AppContext, 'store' | 'clock'>, name: string, query: AbQuery): Promise<AbAnalysis> {
  const { store } = ctx;
  const deployment = await store.deployments.findByName(name);
  if (deployment === undefined) throw new BallastError('deployment_not_found', `no deployment named "${name}"`);
  const effect = query.effect ?? DEFAULT_AB_EFFECT;
  if (!(Number.isFinite(effect) && effect > 0 && effect <= 1))
    throw new BallastError(
      'invalid_argument',
      `effect must be a number above 0 and at most 1 (0.02 = two points of a rate, 2% of a mean)`,
      [{ code: 'invalid_value', path: ['effect'], message: 'must be above 0 and at most 1' }],
    );

  const rollout = deployment.routing?.rollout;
  let aId: string;
  let bId: string;
  let startedAt: string | undefined;
  if (query.a !== undefined || query.b !== undefined) {
    if (query.a === undefined || query.b === undefined)
      throw new BallastError('invalid_argument', 'name both versions to compare (a and b), or neither for the running A/B rollout', [
        { code: 'missing', path: [query.a === undefined ? 'a' : 'b'], message: 'name both versions or neither' },
      ]);
    aId = (await resolveModelRef(store, query.a)).version.id;
    bId = (await resolveModelRef(store, query.b)).version.id;
    if (aId === bId)
      throw new BallastError('invalid_argument', `a and b name the same version`, [
        { code: 'invalid_value', path: ['b'], message: 'the same version as a' },
      ]);
  } else if (rollout?.strategy === 'ab') {
    aId = deployment.versionId;
    bId = rollout.candidateVersionId;
    startedAt = rollout.startedAt;
  } else {
    throw new BallastError(
      'invalid_argument',
      `deployment "${name}" has no A/B rollout running; name the two versions to compare (a and b, e.g. ${deployment.name}:1)`,
      [{ code: 'missing', path: ['a'], message: 'no A/B rollout is running: name the versions' }],
    );
  }

  const toMs = query.to === undefined ? ctx.clock().getTime() : parseTime(query.to, 'to');
  const fromMs = query.from !== undefined ? parseTime(query.from, 'from') : startedAt !== undefined ? Date.parse(startedAt) : toMs - DAY_MS;
  if (!(fromMs < toMs))
    throw new BallastError('invalid_argument', '"from" must be before "to"', [
      { code: 'invalid_value', path: ['from'], message: 'must be before "to"' },
    ]);
  const from = new Date(fromMs).toISOString();
  const to = new Date(toMs).toISOString();

  const kpis = deployment.config.kpis ?? [];
  const accumulator = await accumulateKpis(store, name, kpis, { from, to, windowMs: KPI_WINDOW_MS });
  const compared = accumulator.comparisons([aId, bId]).filter((c) => c.a.versionId === aId && c.b.versionId === bId);
  const rows = new Map<string, number>();
  for (const count of await store.events.loggedCounts(name, from, to, KPI_WINDOW_MS))
    rows.set(count.versionId, (rows.get(count.versionId) ?? 0) + count.count);

  const [a, b] = await Promise.all([store.versions.findById(aId), store.versions.findById(bId)]);
  const modelOf = (v: typeof a): ModelRef => ({ name: v?.modelName ?? '(deleted)', version: v?.version ?? 0 });
  return {
    deployment: name,
    from,
    to,
    effect,
    variants: [
      { role: 'stable', model: modelOf(a), rows: rows.get(aId) ?? 0 },
      { role: 'variant', model: modelOf(b), rows: rows.get(bId) ?? 0 },
    ],
    kpis: kpis.map((kpi) =>
      abKpi(
        kpi,
        compared.find((c) => c.name === kpi.name),
        effect,
      ),
    ),
    performance: await realisedPerformance(store, name, from, to, [
      { id: aId, output: a?.signature.output },
      { id: bId, output: b?.signature.output },
    ]),
  };
}

/** One KPI's row; a KPI one variant has no rows for is there with nothing to say. */
function abKpi(kpi: KpiDefinition, comparison: KpiVersionComparison | undefined, effect: number): AbKpi {
  const test = kpi.aggregate === 'rate' ? 'two_proportion_z' : 'welch_t';
  if (comparison === undefined)
    return {
      name: kpi.name,
      aggregate: kpi.aggregate,
      test,
      a: { value: null, count: 0 },
      b: { value: null, count: 0 },
      difference: null,
      ci: null,
      p_value: null,
      effect: null,
      min_sample_per_variant: null,
      enough_data: false,
    };
  const verdict = abKpiVerdict(comparison, effect);
  return {
    name: kpi.name,
    aggregate: kpi.aggregate,
    test: comparison.test,
    a: { value: comparison.a.value, count: comparison.a.count },
    b: { value: comparison.b.value, count: comparison.b.count },
    difference: comparison.difference,
    ci: verdict.ci,
    p_value: comparison.pValue,
    effect: verdict.effect,
    min_sample_per_variant: verdict.minSamplePerVariant,
    enough_data: verdict.enoughData,
  };
}

/**
 * Each variant's realised metrics over the whole range, its logged predictions joined with their
 * current labels (the same accumulator and definitions as the performance route's windows). Empty
 * until some prediction of either variant has a label.
 */
async function realisedPerformance(
  store: Pick<Store, 'monitoring' | 'feedback'>,
  name: string,
  from: string,
  to: string,
  variants: readonly { id: string; output: ConstructorParameters<typeof WindowAccumulator>[0] }[],
): Promise<AbAnalysis['performance']> {
  const windows = new Map(variants.map((v) => [v.id, new WindowAccumulator(v.output, null, false)]));
  let afterId: string | undefined;
  for (;;) {
    const page = await store.monitoring.loggedPredictions(name, from, to, PAGE_SIZE, afterId);
    if (page.length === 0) break;
    const mine = page.filter((record) => windows.has(record.versionId));
    const labels = mine.length > 0 ? await store.feedback.current(mine.map((p) => p.id)) : new Map();
    for (const record of mine) windows.get(record.versionId)!.add(record, labels.get(record.id)?.label);
    if (page.length < PAGE_SIZE) break;
    afterId = page[page.length - 1]!.id;
  }
  const [wa, wb] = variants.map((v) => windows.get(v.id)!);
  const labelled = { a: wa!.overall.labelledRows, b: wb!.overall.labelledRows };
  if (labelled.a === 0 && labelled.b === 0) return [];
  const ma = windowPerformance(wa!, undefined, null).metrics;
  const mb = windowPerformance(wb!, undefined, null).metrics;
  const names = [...new Set([...Object.keys(ma), ...Object.keys(mb)])];
  return names.map((metric) => ({ metric, a: ma[metric]?.realized ?? null, b: mb[metric]?.realized ?? null, labelled }));
}

function parseTime(text: string, field: string): number {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms))
    throw new BallastError('invalid_argument', `"${field}" is not a time (use ISO 8601, e.g. 2026-11-25T10:00:00Z)`, [
      { code: 'invalid_format', path: [field], message: 'not an ISO 8601 time' },
    ]);
  return ms;
}
