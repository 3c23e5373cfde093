import { Moments } from '../sketches/moments.ts';
import { meanEstimate, perPredictionSums, rateEstimate, sumEstimate, type KpiEstimate } from './kpi-intervals.ts';
import type { KpiAggregate, KpiDefinition } from './kpi-definitions.ts';
import { twoProportionZTest, welchTTest } from './two-sample-tests.ts';

/** A KPI's value in one window for one version, as the API shows it. */
export interface KpiValue extends KpiEstimate {
  readonly name: string;
  readonly event: string;
  readonly aggregate: KpiAggregate;
}

/** One side of a comparison: a version's KPI over the whole range. */
export interface KpiSide {
  readonly versionId: string;
  readonly value: number | null;
  readonly count: number;
}

/**
 * One KPI compared between two versions that served in the same range: `difference` is b − a.
 * A `sum` is compared per logged prediction (its total over the range depends on how much traffic
 * each version took, which says nothing about the model), so its sides' values are means per
 * prediction there.
 */
export interface KpiVersionComparison {
  readonly name: string;
  readonly event: string;
  readonly aggregate: KpiAggregate;
  readonly a: KpiSide;
  readonly b: KpiSide;
  readonly difference: number | null;
  readonly pValue: number | null;
  readonly test: 'two_proportion_z' | 'welch_t';
  /** What each side's test was computed from, so an A/B analysis can add intervals and sample sizes (ab-kpi-comparison.ts). */
  readonly samples: { readonly a: KpiSample; readonly b: KpiSample };
}

/** A rate's side: predictions with the event out of logged predictions. A mean's (or sum per prediction's): its moments. */
export type KpiSample =
  | { readonly kind: 'rate'; readonly events: number; readonly rows: number }
  | { readonly kind: 'moments'; readonly count: number; readonly mean: number; readonly sampleVariance: number };

/** What one KPI keeps of one window and version: all mergeable. */
interface KpiState {
  /** rate: logged predictions with at least one such event. */
  withEvent: number;
  /** sum: each prediction's sum of such events' values, over the predictions that had one. */
  readonly sums: Moments;
  /** mean: every such event's value. */
  readonly values: Moments;
}

interface Cell {
  readonly windowStart: number;
  readonly versionId: string;
  logged: number;
  /** Predictions seen with events; a rate never divides by fewer (a row the count missed). */
  withAnyEvent: number;
  readonly kpis: KpiState[];
}

const emptyState = (): KpiState => ({ withEvent: 0, sums: new Moments(), values: new Moments() });

/**
 * Business KPIs per window and model version, built from the counts of logged predictions and the
 * events of those predictions, one prediction at a time (a prediction's events together, so a rate
 * counts the prediction once and a sum adds its events up before they enter the spread).
 */
export class KpiAccumulator {
  private readonly cells = new Map<string, Cell>();

  constructor(
    private readonly kpis: readonly KpiDefinition[],
    private readonly windowMs: number,
  ) {}

  /** `count` logged predictions of a version in the window starting at `windowStart` (aligned). */
  addLogged(windowStart: number, versionId: string, count: number): void {
    this.cell(windowStart, versionId).logged += count;
  }

  /** The events of one logged prediction, made at `predictionAtMs` by `versionId`. */
  addPrediction(predictionAtMs: number, versionId: string, events: readonly { readonly name: string; readonly value: number }[]): void {
    const cell = this.cell(Math.floor(predictionAtMs / this.windowMs) * this.windowMs, versionId);
    let any = false;
    this.kpis.forEach((kpi, i) => {
      const state = cell.kpis[i]!;
      let seen = false;
      let sum = 0;
      for (const event of events) {
        if (event.name !== kpi.event) continue;
        seen = true;
        sum += event.value;
        if (kpi.aggregate === 'mean') state.values.add(event.value);
      }
      if (!seen) return;
      any = true;
      state.withEvent++;
      if (kpi.aggregate === 'sum') state.sums.add(sum);
    });
    if (any) cell.withAnyEvent++;
  }

  /** Every window and version with logged predictions, in time then version order, with each KPI's value. */
  windows(): { windowStart: number; versionId: string; rows: number; kpis: KpiValue[] }[] {
    return [...this.cells.values()]
      .filter((cell) => rows(cell) > 0)
      .sort((a, b) => a.windowStart - b.windowStart || (a.versionId < b.versionId ? -1 : 1))
      .map((cell) => ({
        windowStart: cell.windowStart,
        versionId: cell.versionId,
        rows: rows(cell),
        kpis: this.kpis.map((kpi, i) => ({ ...kpi, ...estimate(kpi.aggregate, rows(cell), cell.kpis[i]!) })),
      }));
  }

  /**
   * Every KPI compared between every pair of versions with logged predictions in the range, `a`
   * before `b` in the order given (older versions first, say); versions not in `order` come last.
   */
  comparisons(order: readonly string[]): KpiVersionComparison[] {
    const totals = new Map<string, { rows: number; kpis: KpiState[] }>();
    for (const cell of this.cells.values()) {
      let total = totals.get(cell.versionId);
      if (total === undefined) totals.set(cell.versionId, (total = { rows: 0, kpis: this.kpis.map(emptyState) }));
      total.rows += rows(cell);
      cell.kpis.forEach((state, i) => {
        const into = total.kpis[i]!;
        into.withEvent += state.withEvent;
        into.sums.merge(state.sums);
        into.values.merge(state.values);
      });
    }
    const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
    const versions = [...totals.keys()].filter((id) => totals.get(id)!.rows > 0).sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : 1));
    const out: KpiVersionComparison[] = [];
    this.kpis.forEach((kpi, i) => {
      for (let x = 0; x < versions.length; x++) {
        for (let y = x + 1; y < versions.length; y++) {
          const a = totals.get(versions[x]!)!;
          const b = totals.get(versions[y]!)!;
          out.push({ ...kpi, ...compare(kpi.aggregate, versions[x]!, a.rows, a.kpis[i]!, versions[y]!, b.rows, b.kpis[i]!) });
        }
      }
    });
    return out;
  }

  private cell(windowStart: number, versionId: string): Cell {
    const key = `${windowStart}|${versionId}`;
    let cell = this.cells.get(key);
    if (cell === undefined) {
      cell = { windowStart, versionId, logged: 0, withAnyEvent: 0, kpis: this.kpis.map(emptyState) };
      this.cells.set(key, cell);
    }
    return cell;
  }
}

function rows(cell: Cell): number {
  return Math.max(cell.logged, cell.withAnyEvent);
}

function estimate(aggregate: KpiAggregate, predictions: number, state: KpiState): KpiEstimate {
  if (aggregate === 'rate') return rateEstimate(state.withEvent, predictions);
  if (aggregate === 'sum') return sumEstimate(predictions, state.sums);
  return meanEstimate(state.values);
}

function compare(
  aggregate: KpiAggregate,
  aId: string,
  aRows: number,
  a: KpiState,
  bId: string,
  bRows: number,
  b: KpiState,
): Pick<KpiVersionComparison, 'a' | 'b' | 'difference' | 'pValue' | 'test' | 'samples'> {
  const difference = (va: number | null, vb: number | null) => (va === null || vb === null ? null : vb - va);
  if (aggregate === 'rate') {
    const va = aRows > 0 ? a.withEvent / aRows : null;
    const vb = bRows > 0 ? b.withEvent / bRows : null;
    return {
      a: { versionId: aId, value: va, count: aRows },
      b: { versionId: bId, value: vb, count: bRows },
      difference: difference(va, vb),
      pValue: twoProportionZTest(a.withEvent, aRows, b.withEvent, bRows).pValue,
      test: 'two_proportion_z',
      samples: { a: { kind: 'rate', events: a.withEvent, rows: aRows }, b: { kind: 'rate', events: b.withEvent, rows: bRows } },
    };
  }
  const sa = aggregate === 'sum' ? perPredictionSums(aRows, a.sums) : a.values;
  const sb = aggregate === 'sum' ? perPredictionSums(bRows, b.sums) : b.values;
  const va = sa.count > 0 ? sa.mean : null;
  const vb = sb.count > 0 ? sb.mean : null;
  return {
    a: { versionId: aId, value: va, count: sa.count },
    b: { versionId: bId, value: vb, count: sb.count },
    difference: difference(va, vb),
    pValue: welchTTest(sa, sb).pValue,
    test: 'welch_t',
    samples: { a: momentsSample(sa), b: momentsSample(sb) },
  };
}

function momentsSample(m: Moments): KpiSample {
  return { kind: 'moments', count: m.count, mean: m.count > 0 ? m.mean : 0, sampleVariance: m.count > 1 ? m.sampleVariance : 0 };
}
