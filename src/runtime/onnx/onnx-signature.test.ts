import { describe, expect, it } from 'vitest';
import { fixtureCases, fixtureModel } from '../../../test/fixtures/onnx/read-fixture.ts';
import { readOnnxModel } from './onnx-proto.ts';
import { planOnnxModel } from './onnx-signature.ts';

describe('planOnnxModel', () => {
  it.each(['binary-logistic', 'multiclass-forest', 'regression-boosting', 'regression-double', 'column-pipeline'])(
    'gives %s the signature its fixture was exported with (classes in scikit-learn order)',
    (name) => {
      const cases = fixtureCases(name);
      expect(planOnnxModel(readOnnxModel(fixtureModel(name)), cases.load_options).signature).toEqual(cases.signature);
    },
  );

  it('plans the feeds and fetches of a column pipeline', () => {
    const plan = planOnnxModel(readOnnxModel(fixtureModel('column-pipeline')));
    expect(plan.feed).toEqual({
      kind: 'columns',
      columns: [
        { inputName: 'age', element: 'float32', rank: 2 },
        { inputName: 'income', element: 'float32', rank: 2 },
        { inputName: 'city', element: 'string', rank: 2 },
        { inputName: 'plan', element: 'string', rank: 2 },
        { inputName: 'rooms', element: 'int64', rank: 2 },
      ],
    });
    expect(plan.read).toEqual({
      kind: 'classifier',
      labelOutput: 'label',
      probabilityOutput: 'probabilities',
      classes: ['maybe', 'no', 'yes'],
    });
  });
});
