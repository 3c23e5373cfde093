import { SeededRandom } from '../../model-tests/seeded-random.ts';
import type { ExplainBatch } from '../explanation.ts';
import { cheapestCombinations, subsetsOf } from './combinations.ts';
import type {
  CellValue,
  Counterfactual,
  CounterfactualConstraints,
  CounterfactualMethod,
  CounterfactualSearchResult,
  DesiredOutcome,
  ModelAnswers,
} from './counterfactual.ts';
import { changeCost } from './distance.ts';
import { featureDomains, type FeatureDomain, type FeatureInfo, type ReferenceFacts, type Relaxations } from './feature-domains.ts';
import { scoreAnswers } from './outcome.ts';

export interface CounterfactualProblem {
  readonly features: readonly FeatureInfo[];
  readonly facts: readonly ReferenceFacts[];
  readonly original: readonly CellValue[];
  readonly desired: DesiredOutcome;
  readonly constraints: CounterfactualConstraints;
  readonly k: number;
  /** Per feature, the tree's threshold candidates (thresholdCandidates); undefined: model-agnostic search. */
  readonly thresholds?: readonly (readonly number[])[];
  readonly predict: (batch: ExplainBatch) => Promise<ModelAnswers>;
  readonly seed: number;
  /** Most rows the model may score in one search (default 20,000). */
  readonly budget?: number;
}

const DEFAULT_BUDGET = 20_000;
/** Nearest combinations tried per feature set before random ones; beyond it the set is searched by sampling. */
const PER_SET_NEAREST = 2048;
const PER_SET_RANDOM = 256;
const BATCH_ROWS = 256;
/** Feature sets tried per number of changes: the most promising ones by their single-change effect. */
const SETS_PER_SIZE = 400;
const REFINE_STEPS = 12;

/**
 * Finds up to k counterfactuals for one row. Sparsity first: every single change is tried, then sets
 * of two features, three… up to max_changes, stopping at the size that gives k. Within a feature set
 * the combinations are tried nearest first, so the first one the model accepts is the nearest for
 * that set (for tree candidates, exactly, as long as the set's nearest combinations cover it).
 * Diversity: one counterfactual per feature set, and no set that contains a set already found (it
 * would only add a needless change). Every counterfactual returned was scored by `predict` itself.
 * None found: the candidate nearest the desired outcome, and the constraint that stopped the search,
 * found by searching again with one constraint lifted at a time.
 */
export async function searchCounterfactuals(problem: CounterfactualProblem): Promise<CounterfactualSearchResult> {
  const method: CounterfactualMethod = problem.thresholds === undefined ? 'model_agnostic' : 'tree_thresholds';
  const budget = problem.budget ?? DEFAULT_BUDGET;
  const origin = await new Scorer(problem).score([problem.original]);
  if (origin.valid[0] === 1) {
    return { method, counterfactuals: [], closest: null, message: 'the row already has the desired outcome', evaluated: 1 };
  }
  const main = await runSearch(problem, {}, problem.constraints.maxChanges, budget);
  if (main.found.length > 0) {
    return { method, counterfactuals: main.found.slice(0, problem.k), closest: null, message: null, evaluated: main.evaluated };
  }
  const why = await whatStopped(problem, main.domains, budget);
  return { method, counterfactuals: [], closest: main.closest, message: why.message, evaluated: main.evaluated + why.evaluated };
}

interface SearchRun {
  readonly found: Counterfactual[];
  readonly closest: Counterfactual | null;
  readonly evaluated: number;
  readonly domains: FeatureDomain[];
}

async function runSearch(problem: CounterfactualProblem, relax: Relaxations, maxChanges: number, budget: number): Promise<SearchRun> {
  const domains = featureDomains(problem.features, problem.facts, problem.original, problem.constraints, problem.thresholds, relax);
  const scorer = new Scorer(problem, budget);
  const random = new SeededRandom(problem.seed);
  const movable = domains.flatMap((domain, f) => (domain.candidates.length > 0 ? [f] : []));
  const found: Counterfactual[] = [];
  const foundSets: number[][] = [];
  // Single changes: all of them, also to rank features by how far each alone moves the outcome.
  const promise = new Map<number, number>();
  const singles = movable.flatMap((f) => domains[f]!.candidates.map((value) => ({ f, value })));
  const singleRows = singles.map(({ f, value }) => withValues(problem.original, [f], [value]));
  const singleScores = await scorer.score(singleRows);
  const bestSingle = new Map<number, number>();
  singles.forEach(({ f }, i) => {
    promise.set(f, Math.max(promise.get(f) ?? -Infinity, singleScores.score[i]!));
    if (singleScores.valid[i] === 1 && !bestSingle.has(f)) bestSingle.set(f, i);
  });
  for (const [f, i] of bestSingle) found.push(scorer.counterfactual(singleRows[i]!, [f], singleScores.score[i]!));
  for (const cf of found) foundSets.push([...cf.changed]);
  const ranked = [...movable].sort((a, b) => promise.get(b)! - promise.get(a)! || a - b);
  for (let size = 2; size <= Math.min(maxChanges, ranked.length) && found.length < problem.k && !scorer.spent; size++) {
    let tried = 0;
    for (const set of subsetsOf(ranked, size)) {
      if (tried >= SETS_PER_SIZE || scorer.spent) break;
      const sorted = [...set].sort((a, b) => a - b);
      if (foundSets.some((smaller) => smaller.every((f) => sorted.includes(f)))) continue;
      tried++;
      const cf = await searchSet(problem, domains, sorted, scorer, random);
      if (cf !== undefined) {
        found.push(cf);
        foundSets.push(sorted);
      }
    }
  }
  const refined = problem.thresholds === undefined ? await refineAll(found, problem, domains, scorer) : found;
  refined.sort((a, b) => a.changed.length - b.changed.length || a.distance - b.distance);
  return { found: refined, closest: scorer.closest, evaluated: scorer.evaluated, domains };
}

/** The nearest combination of candidate values for one feature set that the model accepts, if any within reach. */
async function searchSet(
  problem: CounterfactualProblem,
  domains: readonly FeatureDomain[],
  set: readonly number[],
  scorer: Scorer,
  random: SeededRandom,
): Promise<Counterfactual | undefined> {
  const lists = set.map((f) => domains[f]!);
  const combos = cheapestCombinations(lists.map((d) => d.costs));
  let tried = 0;
  while (tried < PER_SET_NEAREST && !scorer.spent) {
    const batch: number[][] = [];
    for (let next = combos.next(); !next.done; next = batch.length < BATCH_ROWS ? combos.next() : { done: true, value: undefined }) {
      batch.push(next.value);
      if (batch.length >= BATCH_ROWS) break;
    }
    if (batch.length === 0) return undefined; // every combination tried: the set cannot reach the outcome
    tried += batch.length;
    const hit = await firstValid(problem, lists, set, batch, scorer);
    if (hit !== undefined) return hit;
  }
  // The nearest combinations did not do it: try random ones across the whole grid (seeded).
  const sampled = Array.from({ length: PER_SET_RANDOM }, () => lists.map((d) => random.nextInt(d.candidates.length)));
  const rows = sampled.map((at) =>
    withValues(
      problem.original,
      set,
      at.map((i, j) => lists[j]!.candidates[i]!),
    ),
  );
  const scores = await scorer.score(rows);
  let best: Counterfactual | undefined;
  rows.forEach((row, i) => {
    if (scores.valid[i] !== 1) return;
    const cf = scorer.counterfactual(row, set, scores.score[i]!);
    if (best === undefined || cf.distance < best.distance) best = cf;
  });
  return best;
}

async function firstValid(
  problem: CounterfactualProblem,
  lists: readonly FeatureDomain[],
  set: readonly number[],
  batch: readonly number[][],
  scorer: Scorer,
): Promise<Counterfactual | undefined> {
  const rows = batch.map((at) =>
    withValues(
      problem.original,
      set,
      at.map((i, j) => lists[j]!.candidates[i]!),
    ),
  );
  const scores = await scorer.score(rows);
  const i = scores.valid.indexOf(1);
  return i < 0 ? undefined : scorer.counterfactual(rows[i]!, set, scores.score[i]!);
}

/**
 * Quantiles are coarse: move each changed number back towards the original as far as the model
 * still gives the desired outcome (bisection, scored by the model each step).
 */
async function refineAll(found: Counterfactual[], problem: CounterfactualProblem, domains: FeatureDomain[], scorer: Scorer) {
  const out: Counterfactual[] = [];
  for (const cf of found) {
    const values = [...cf.values];
    let score = cf.score;
    for (const f of cf.changed) {
      const from = problem.original[f];
      const to = values[f];
      if (domains[f]!.scale === undefined || typeof from !== 'number' || typeof to !== 'number' || Number.isNaN(from)) continue;
      let good = to;
      let bad = from;
      for (let step = 0; step < REFINE_STEPS; step++) {
        let mid = (good + bad) / 2;
        if (problem.features[f]!.integer) mid = good > bad ? Math.ceil(mid) : Math.floor(mid);
        if (mid === good || mid === bad) break;
        const s = await scorer.score([withValues(values, [f], [mid])]);
        if (s.valid[0] === 1) {
          good = mid;
          score = s.score[0]!;
        } else bad = mid;
      }
      // The shortest decimal between the last value that failed and the one that works reads better
      // (0.92 rather than 0.9239765625); kept only if the model still gives the outcome with it.
      const short = shortestBetween(bad, good);
      if (short !== good) {
        const s = await scorer.score([withValues(values, [f], [short])]);
        if (s.valid[0] === 1) {
          good = short;
          score = s.score[0]!;
        }
      }
      values[f] = good;
    }
    out.push(scorer.counterfactual(values, cf.changed, score));
  }
  return out;
}

/** The number with the fewest significant digits from `good` towards `bad` (which is excluded). */
export function shortestBetween(bad: number, good: number): number {
  if (good === 0 || !Number.isFinite(good)) return good;
  const magnitude = Math.floor(Math.log10(Math.abs(good)));
  for (let digits = 1; digits <= 15; digits++) {
    const step = 10 ** (magnitude - digits + 1);
    const raw = bad > good ? Math.ceil(good / step) * step : Math.floor(good / step) * step;
    const rounded = Number(raw.toPrecision(digits + 1));
    if (rounded === good) return good;
    if (bad > good ? rounded > good && rounded < bad : rounded < good && rounded > bad) return rounded;
  }
  return good;
}

/** Lifts one constraint at a time to name the one that stops the search. */
async function whatStopped(
  problem: CounterfactualProblem,
  domains: readonly FeatureDomain[],
  budget: number,
): Promise<{ message: string; evaluated: number }> {
  const { constraints } = problem;
  const names = (fs: Iterable<number>) => [...fs].map((f) => problem.features[f]!.name).join(', ');
  const limit = `no counterfactual changes at most ${constraints.maxChanges} feature${constraints.maxChanges === 1 ? '' : 's'} within the constraints`;
  const movable = domains.filter((d) => d.candidates.length > 0).length;
  const trials: { relax: Relaxations; maxChanges: number; say: string }[] = [];
  if (constraints.maxChanges < Math.min(movable, 5)) {
    trials.push({ relax: {}, maxChanges: Math.min(movable, 5), say: `max_changes (${constraints.maxChanges}) stops it` });
  }
  if (constraints.immutable.size > 0) {
    trials.push({
      relax: { immutable: true },
      maxChanges: constraints.maxChanges,
      say: `the immutable features (${names(constraints.immutable)}) stop it`,
    });
  }
  if (constraints.directions.size > 0) {
    const said = [...constraints.directions].map(([f, d]) => `${problem.features[f]!.name} may only ${d}`).join(', ');
    trials.push({ relax: { directions: true }, maxChanges: constraints.maxChanges, say: `the direction constraints (${said}) stop it` });
  }
  trials.push({
    relax: { ranges: true },
    maxChanges: constraints.maxChanges,
    say: 'the plausible ranges (the training reference and the contract) stop it',
  });
  let evaluated = 0;
  for (const trial of trials) {
    const run = await runSearch({ ...problem, k: 1 }, trial.relax, trial.maxChanges, Math.floor(budget / 4));
    evaluated += run.evaluated;
    if (run.found.length > 0) {
      return { message: `${limit}: ${trial.say}; without that constraint, one changes ${names(run.found[0]!.changed)}`, evaluated };
    }
  }
  const blocked = domains.flatMap((d, f) => (d.blocked === 'unused' ? [f] : []));
  const unused = blocked.length > 0 ? `; the model does not use ${names(blocked)} at all, as far as the search could tell` : '';
  return {
    message: `${limit}: none of the candidate values tried reach the desired outcome, even with one constraint lifted${unused}`,
    evaluated,
  };
}

function withValues(row: readonly CellValue[], features: readonly number[], values: readonly CellValue[]): CellValue[] {
  const out = [...row];
  features.forEach((f, i) => (out[f] = values[i]!));
  return out;
}

/** Scores candidate rows with the model, counting them against the budget and remembering the nearest miss. */
class Scorer {
  evaluated = 0;
  closest: Counterfactual | null = null;

  constructor(
    private readonly problem: CounterfactualProblem,
    private readonly budget = Infinity,
  ) {}

  get spent(): boolean {
    return this.evaluated >= this.budget;
  }

  async score(rows: readonly (readonly CellValue[])[]) {
    const { features } = this.problem;
    const columns = features.map((feature, f) =>
      feature.text ? rows.map((row) => row[f] as string | null) : Float64Array.from(rows, (row) => row[f] as number),
    );
    const answers = rows.length === 0 ? undefined : await this.problem.predict({ rowCount: rows.length, columns });
    this.evaluated += rows.length;
    const outcome =
      answers === undefined
        ? { valid: new Uint8Array(0), score: new Float64Array(0) }
        : scoreAnswers(this.problem.desired, answers, rows.length);
    rows.forEach((row, i) => {
      if (outcome.valid[i] === 1) return;
      const changed = row.flatMap((value, f) => (value === this.problem.original[f] ? [] : [f]));
      if (changed.length === 0) return;
      const score = outcome.score[i]!;
      if (this.closest === null || score > this.closest.score) this.closest = this.counterfactual(row, changed, score);
    });
    return outcome;
  }

  counterfactual(values: readonly CellValue[], changed: readonly number[], score: number): Counterfactual {
    const facts = this.problem.facts;
    const distance = changed.reduce(
      (total, f) =>
        total + changeCost(this.problem.original[f] ?? null, values[f] ?? null, facts[f]!.kind === 'numeric' ? facts[f]!.scale : undefined),
      0,
    );
    return { values: [...values], changed: [...changed].sort((a, b) => a - b), distance, score };
  }
}
