import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Contract } from '../../core/contracts/contract-types.ts';
import { handTreeModel } from '../../core/explain/counterfactual/testing/hand-trees.ts';
import { treeClassifier } from '../../core/explain/counterfactual/testing/tree-predict.ts';
import type { LoadedModel } from '../../runtime/model-runtime.ts';
import { xgboostRuntime } from '../../runtime/xgboost/xgboost-runtime.ts';
import { readContractFile } from '../contracts.ts';
import { findCounterfactuals } from './counterfactual.ts';
import { parseCounterfactualRequest } from './counterfactual-request.ts';
import { fileReference, fileRowBatch, instanceBatch } from './counterfactual-source.ts';

const TRAIN = 'examples/credit/train.csv';

describe('findCounterfactuals on the credit model', async () => {
  const model = await xgboostRuntime.load(await readFile('examples/credit/model.xgb.json'));
  const inputs = model.signature.inputs;
  const reference = await fileReference(TRAIN, inputs);
  const contract = await readContractFile('examples/credit/contract.yaml');

  it('flips a risky applicant with few, different, plausible changes, each verified by the model', async () => {
    const instance = await fileRowBatch(TRAIN, inputs, 2); // predicted 1 (default)
    const request = parseCounterfactualRequest(model.signature, { desired: 0, immutable: ['age'], directions: { income: 'increase' } });
    const answer = await findCounterfactuals({ model, reference, contract, instance, request });
    expect(answer.original.prediction).toMatchObject({ label: 1 });
    expect(answer.found).toBe(true);
    expect(answer.counterfactuals.length).toBeGreaterThan(0);
    const sets = answer.counterfactuals.map((cf) => cf.changes.map((c) => c.feature).join());
    expect(new Set(sets).size).toBe(sets.length);
    for (const cf of answer.counterfactuals) {
      expect(cf.prediction).toMatchObject({ label: 0 });
      expect(cf.changed).toBe(cf.changes.length);
      expect(cf.changed).toBeLessThanOrEqual(3);
      expect(cf.instance.age).toBe(answer.original.instance.age);
      for (const change of cf.changes) {
        expect(cf.instance[change.feature]).toBe(change.to);
        expect(change.to).not.toEqual(change.from);
        if (change.feature === 'income') expect(change.to as number).toBeGreaterThan(change.from as number);
      }
      // Scored again as a user would send it: the same answer.
      const again = await model.predict(instanceBatch(inputs, cf.instance));
      expect(again.kind === 'binary' && again.labelIndex[0]).toBe(0);
    }
    const distances = answer.counterfactuals.map((cf) => cf.distance);
    expect(answer.counterfactuals.map((cf) => cf.changed)).toEqual([...answer.counterfactuals.map((cf) => cf.changed)].sort());
    expect(distances.length).toBeGreaterThan(0);
    expect(answer.original.instance.home_ownership).toBe('mortgage'); // category names, not codes
  });

  it('keeps categories inside the contract, and says which constraint stopped it when nothing flips', async () => {
    const instance = await fileRowBatch(TRAIN, inputs, 2);
    const narrow: Contract = { ...contract, columns: { ...contract.columns, home_ownership: { type: 'category', values: ['own'] } } };
    const movable = ['home_ownership', 'purpose'];
    const request = parseCounterfactualRequest(model.signature, {
      desired: 0,
      immutable: inputs.map((f) => f.name).filter((name) => !movable.includes(name)),
      max_changes: 2,
    });
    const answer = await findCounterfactuals({ model, reference, contract: narrow, instance, request });
    expect(answer.found).toBe(false);
    expect(answer.counterfactuals).toEqual([]);
    expect(answer.message).toMatch(
      /^no counterfactual changes at most 2 features within the constraints: the immutable features \(age, income/,
    );
    expect(answer.closest).not.toBeNull();
    expect(answer.closest!.prediction).toMatchObject({ label: 1 });
    for (const change of answer.closest!.changes) {
      expect(movable).toContain(change.feature);
      if (change.feature === 'home_ownership') expect(change.to).toBe('own');
    }
  });

  it('refuses a label the model does not have and names unknown features', () => {
    expect(() => parseCounterfactualRequest(model.signature, { desired: 'approve' })).toThrow(
      /"approve" is not a class of the model \(classes: 0, 1\)/,
    );
    expect(() =>
      parseCounterfactualRequest(model.signature, { desired: '0', immutable: ['sex'], directions: { purpose: 'increase' } }),
    ).toThrow(/immutable\[0\]: "sex" is not an input of the model \(and 1 more problem\)/);
    expect(() => parseCounterfactualRequest(model.signature, { desired: 0, k: 0 })).toThrow(/k: must be a whole number from 1 to 10/);
  });
});

describe('findCounterfactuals on a tree model', () => {
  it('searches the split thresholds when the model gives its trees', async () => {
    // approve (class 1) when x ≥ 50 (compared as LightGBM does: left when x ≤ threshold).
    const trees = handTreeModel(1, [{ feature: 0, threshold: 49.5, left: { leaf: -1 }, right: { leaf: 1 } }], 'le');
    const model: LoadedModel = {
      format: 'lightgbm',
      signature: { inputs: [{ name: 'x', type: 'number' }], output: { kind: 'binary', classes: ['deny', 'approve'] } },
      predict: treeClassifier(trees, ['deny', 'approve']) as LoadedModel['predict'],
      treeModel: () => trees,
      close: async () => undefined,
    };
    const reference = { rowCount: 3, columns: [Float64Array.of(0, 50, 100)] };
    const request = parseCounterfactualRequest(model.signature, { desired: 'approve' });
    const answer = await findCounterfactuals({ model, reference, instance: instanceBatch(model.signature.inputs, { x: 10 }), request });
    expect(answer.method).toBe('tree_thresholds');
    expect(answer.counterfactuals).toHaveLength(1);
    expect(answer.counterfactuals[0]!.changes).toEqual([{ feature: 'x', from: 10, to: 49.50000000000001 }]);
    expect(answer.counterfactuals[0]!.prediction).toMatchObject({ label: 'approve' });
  });
});
