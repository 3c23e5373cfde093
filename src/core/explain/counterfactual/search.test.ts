import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../model-tests/seeded-random.ts';
import type { ExplainBatch } from '../explanation.ts';
import type { CellValue, CounterfactualConstraints, ModelAnswers } from './counterfactual.ts';
import { referenceFacts, type FeatureInfo } from './feature-domains.ts';
import { searchCounterfactuals, shortestBetween, type CounterfactualProblem } from './search.ts';
import { handTreeModel, walkMargin, type HandNode } from './testing/hand-trees.ts';
import { treeClassifier } from './testing/tree-predict.ts';
import { thresholdCandidates } from './threshold-candidates.ts';
import type { TreeModel } from '../tree-model.ts';

const numeric = (name: string, integer = false): FeatureInfo => ({ name, categorical: false, integer });
const split = (feature: number, threshold: number, left: number, right: number): HandNode => ({
  feature,
  threshold,
  left: { leaf: left },
  right: { leaf: right },
});
const free = (maxChanges = 3): CounterfactualConstraints => ({ immutable: new Set(), directions: new Map(), maxChanges });

function uniformReference(random: SeededRandom, rows: number, ranges: readonly [number, number][]): ExplainBatch {
  return {
    rowCount: rows,
    columns: ranges.map(([lo, hi]) => Float64Array.from({ length: rows }, () => lo + (hi - lo) * random.nextFloat())),
  };
}

function treeProblem(
  model: TreeModel,
  features: FeatureInfo[],
  reference: ExplainBatch,
  original: CellValue[],
  constraints = free(),
): CounterfactualProblem {
  return {
    features,
    facts: referenceFacts(features, reference),
    original,
    desired: { kind: 'class', classIndex: 1 },
    constraints,
    k: 3,
    thresholds: features.map((f, i) => thresholdCandidates(model, i, f.integer)),
    predict: treeClassifier(model),
    seed: 1,
  };
}

describe('searchCounterfactuals over tree thresholds', () => {
  // Class 1 needs income ≥ 50 and debt < 0.4 together: margin −1/+1 from income, +0.5/−1.5 from debt.
  const both = handTreeModel(2, [split(0, 50, -1, 1), split(1, 0.4, 0.5, -1.5)]);
  const reference = uniformReference(new SeededRandom(3), 200, [
    [0, 100],
    [0, 1],
  ]);
  const features = [numeric('income'), numeric('debt')];

  it('changes both features, each just past its threshold, when neither alone flips the decision', async () => {
    const result = await searchCounterfactuals(treeProblem(both, features, reference, [40, 0.5]));
    expect(result.method).toBe('tree_thresholds');
    expect(result.counterfactuals).toHaveLength(1);
    const [cf] = result.counterfactuals;
    expect(cf!.changed).toEqual([0, 1]);
    expect(cf!.values[0]).toBe(50);
    expect(cf!.values[1]).toBeLessThan(0.4);
    expect(cf!.values[1]).toBeGreaterThan(0.399);
    expect(walkMargin(both, cf!.values as number[])).toBeGreaterThan(0);
    expect(result.message).toBeNull();
  });

  it('says max_changes stopped it, and gives the closest candidate, when one change is allowed', async () => {
    const result = await searchCounterfactuals(treeProblem(both, features, reference, [40, 0.5], free(1)));
    expect(result.counterfactuals).toEqual([]);
    expect(result.message).toMatch(/max_changes \(1\) stops it; without that constraint, one changes income, debt/);
    expect(result.closest!.changed).toHaveLength(1);
    expect(result.closest!.score).toBeCloseTo(1 / (1 + Math.exp(0.5)), 12);
  });

  it('names the immutable feature that stops it', async () => {
    const constraints = { immutable: new Set([1]), directions: new Map(), maxChanges: 2 };
    const result = await searchCounterfactuals(treeProblem(both, features, reference, [40, 0.5], constraints));
    expect(result.counterfactuals).toEqual([]);
    expect(result.message).toMatch(/immutable features \(debt\) stop it/);
  });

  it('gives diverse single changes, nearest first, and never moves an immutable or against a direction', async () => {
    // Either a ≥ 10 or b ≥ 20 flips it; c does nothing alone.
    const model = handTreeModel(3, [split(0, 10, -1, 3), split(1, 20, -1, 3), split(2, 5, 0, 0.5)]);
    const ref = uniformReference(new SeededRandom(4), 300, [
      [0, 40],
      [0, 40],
      [0, 10],
    ]);
    const fs = [numeric('a', true), numeric('b', true), numeric('c')];
    const result = await searchCounterfactuals(treeProblem(model, fs, ref, [8, 10, 1]));
    expect(result.counterfactuals.map((cf) => cf.changed)).toEqual([[0], [1]]);
    expect(result.counterfactuals.map((cf) => cf.values)).toEqual([
      [10, 10, 1],
      [8, 20, 1],
    ]);
    const only = await searchCounterfactuals(
      treeProblem(model, fs, ref, [8, 10, 1], { immutable: new Set([0]), directions: new Map(), maxChanges: 3 }),
    );
    expect(only.counterfactuals.map((cf) => cf.changed)).toEqual([[1]]);
    const down = await searchCounterfactuals(
      treeProblem(model, fs, ref, [8, 10, 1], { immutable: new Set(), directions: new Map([[1, 'decrease' as const]]), maxChanges: 3 }),
    );
    expect(down.counterfactuals.map((cf) => cf.changed)).toEqual([[0]]);
  });

  it('finds the nearest single change a dense scan finds, on random ensembles (exactness)', async () => {
    const random = new SeededRandom(11);
    const ranges: [number, number][] = [
      [0, 10],
      [0, 10],
      [0, 10],
    ];
    const node = (depth: number): HandNode =>
      depth === 0
        ? { leaf: random.nextNormal() }
        : {
            feature: random.nextInt(3),
            threshold: Math.round(random.nextFloat() * 1000) / 100,
            left: node(depth - 1),
            right: node(depth - 1),
          };
    let compared = 0;
    for (let trial = 0; trial < 12; trial++) {
      const model = handTreeModel(3, [node(3), node(3), node(2)], trial % 2 === 0 ? 'lt' : 'le');
      const ref = uniformReference(random, 400, ranges);
      const original = [random.nextFloat() * 10, random.nextFloat() * 10, random.nextFloat() * 10];
      if (walkMargin(model, original) > 0) continue;
      const result = await searchCounterfactuals({
        ...treeProblem(
          model,
          ranges.map((_, i) => numeric(`x${i}`)),
          ref,
          original,
          free(1),
        ),
        k: 3,
      });
      const facts = referenceFacts(
        ranges.map((_, i) => numeric(`x${i}`)),
        ref,
      );
      for (let f = 0; f < 3; f++) {
        const fact = facts[f]!;
        if (fact.kind !== 'numeric') throw new Error('numeric');
        let best = Infinity;
        for (let v = fact.min; v <= fact.max; v += 0.001) {
          const row = [...original];
          row[f] = v;
          if (walkMargin(model, row) > 0) best = Math.min(best, Math.abs(v - original[f]!) / fact.scale);
        }
        const found = result.counterfactuals.find((cf) => cf.changed.length === 1 && cf.changed[0] === f);
        if (best === Infinity) expect(found).toBeUndefined();
        else {
          compared++;
          expect(found!.distance).toBeLessThanOrEqual(best + 1e-6);
          expect(found!.distance).toBeGreaterThan(best - 0.002 / fact.scale);
        }
      }
    }
    expect(compared).toBeGreaterThan(3);
  });
});

describe('searchCounterfactuals without trees', () => {
  // P(approve) = sigmoid(income/10 − 3·debt − 2): smooth, so the search needs quantiles and bisection.
  const predict = async (batch: ExplainBatch): Promise<ModelAnswers> => {
    const probabilities = new Float64Array(2 * batch.rowCount);
    const labelIndex = new Int32Array(batch.rowCount);
    for (let row = 0; row < batch.rowCount; row++) {
      const home = (batch.columns[2] as (string | null)[])[row];
      const z = (batch.columns[0]![row] as number) / 10 - 3 * (batch.columns[1]![row] as number) - 2 + (home === 'own' ? 1.5 : 0);
      const p = 1 / (1 + Math.exp(-z));
      probabilities[2 * row] = 1 - p;
      probabilities[2 * row + 1] = p;
      labelIndex[row] = p > 0.5 ? 1 : 0;
    }
    return { kind: 'binary', classes: ['deny', 'approve'], probabilities, labelIndex };
  };
  const features: FeatureInfo[] = [numeric('income'), numeric('debt'), { name: 'home', categorical: true, integer: false, text: true }];
  const random = new SeededRandom(5);
  const reference: ExplainBatch = {
    rowCount: 300,
    columns: [
      Float64Array.from({ length: 300 }, () => 100 * random.nextFloat()),
      Float64Array.from({ length: 300 }, () => random.nextFloat()),
      Array.from({ length: 300 }, () => (random.nextFloat() < 0.5 ? 'own' : 'rent')),
    ],
  };
  const problem: CounterfactualProblem = {
    features,
    facts: referenceFacts(features, reference),
    original: [20, 0.4, 'rent'],
    desired: { kind: 'class', classIndex: 1 },
    constraints: free(),
    k: 3,
    predict,
    seed: 9,
  };

  it('finds valid, sparse, diverse changes and moves numbers back close to the boundary', async () => {
    const result = await searchCounterfactuals(problem);
    expect(result.method).toBe('model_agnostic');
    // Income alone (≥ 32) or owning the home alone flips it; debt would have to go below 0, outside the reference.
    expect(result.counterfactuals.map((cf) => cf.changed)).toEqual([[0], [2]]);
    const income = result.counterfactuals.find((cf) => cf.changed.join() === '0')!;
    // Boundary: income/10 − 1.2 − 2 = 0 → 32.
    expect(income.values[0]).toBeGreaterThan(32);
    expect(income.values[0]).toBeLessThan(32.1);
    for (const cf of result.counterfactuals) {
      const answers = await predict({
        rowCount: 1,
        columns: cf.values.map((v, f) => (features[f]!.text ? [v as string] : Float64Array.of(v as number))),
      });
      expect(answers.kind !== 'regression' && answers.labelIndex[0]).toBe(1);
    }
  });

  it('gives the same answer for the same seed', async () => {
    expect(await searchCounterfactuals(problem)).toEqual(await searchCounterfactuals(problem));
  });

  it('says when the row already has the desired outcome', async () => {
    const result = await searchCounterfactuals({ ...problem, original: [90, 0, 'own'] });
    expect(result.message).toBe('the row already has the desired outcome');
  });

  it('reaches a desired value range for a regressor', async () => {
    const regress = async (batch: ExplainBatch): Promise<ModelAnswers> => ({
      kind: 'regression',
      values: Float64Array.from({ length: batch.rowCount }, (_, row) => 2 * (batch.columns[0]![row] as number)),
    });
    const result = await searchCounterfactuals({ ...problem, predict: regress, desired: { kind: 'range', min: 100, max: 120 } });
    expect(result.counterfactuals).toHaveLength(1);
    const value = result.counterfactuals[0]!.values[0] as number;
    expect(value).toBeGreaterThanOrEqual(50);
    expect(value).toBeLessThan(50.1);
  });
});

describe('shortestBetween', () => {
  it('takes the shortest decimal from the value that works towards the one that failed', () => {
    expect(shortestBetween(0.32474, 0.324900390625)).toBe(0.3249);
    expect(shortestBetween(0.2, 0.324900390625)).toBe(0.3);
    expect(shortestBetween(35.2, 32.00048828125)).toBe(33);
    expect(shortestBetween(31.99, 32.00048828125)).toBe(32);
    expect(shortestBetween(1.5, 0)).toBe(0);
  });
});

describe('searchCounterfactuals at the plausible bounds', () => {
  it('reaches an interval through the reference bound when its point nearest the threshold is outside the range', async () => {
    // Class 1 when x < 70; the reference only saw 0–60 and the row is at 80: x = 69.99… is implausible, 60 is not.
    const model = handTreeModel(1, [split(0, 70, 1, -1)]);
    const reference = { rowCount: 3, columns: [Float64Array.of(0, 30, 60)] };
    const result = await searchCounterfactuals(treeProblem(model, [numeric('x')], reference, [80]));
    expect(result.counterfactuals.map((cf) => cf.values)).toEqual([[60]]);
  });
});
