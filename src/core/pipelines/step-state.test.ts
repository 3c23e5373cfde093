import { describe, expect, it } from 'vitest';
import type { StepRunRecord } from './pipeline-definition.ts';
import { describeStaleReason, staleReasons, stepHashInput, type StepInputs } from './step-state.ts';

const inputs: StepInputs = {
  cmd: 'python3 train.py',
  deps: { 'train.csv': 'aa', 'train.py': 'bb' },
  params: { seed: 7, grid: [1, 2] },
  outs: ['model.json', 'metrics.json'],
};

const recorded: StepRunRecord = {
  name: 'train',
  cmd: 'python3 train.py',
  status: 'ran',
  stepHash: 'h',
  deps: { 'train.csv': 'aa', 'train.py': 'bb' },
  params: { grid: [1, 2], seed: 7 },
  outs: { 'model.json': 'cc', 'metrics.json': 'dd' },
  durationMs: 1,
};

describe('stepHashInput', () => {
  it('is the same for the same inputs in any key or output order, and differs when any input differs', () => {
    const same = stepHashInput({ ...inputs, deps: { 'train.py': 'bb', 'train.csv': 'aa' }, outs: ['metrics.json', 'model.json'] });
    expect(same).toBe(stepHashInput(inputs));
    const variants: StepInputs[] = [
      { ...inputs, cmd: 'python3 train.py --fast' },
      { ...inputs, deps: { ...inputs.deps, 'train.csv': 'ab' } },
      { ...inputs, params: { ...inputs.params, seed: 8 } },
      { ...inputs, params: { ...inputs.params, seed: '7' } },
      { ...inputs, outs: ['model.json'] },
    ];
    for (const variant of variants) expect(stepHashInput(variant)).not.toBe(stepHashInput(inputs));
  });
});

describe('staleReasons', () => {
  const outs = { 'model.json': 'cc', 'metrics.json': 'dd' };

  it('finds nothing when the step is as recorded', () => {
    expect(staleReasons(inputs, outs, recorded, [])).toEqual([]);
  });

  it('names every reason a step is stale', () => {
    const reasons = staleReasons(
      { ...inputs, cmd: 'python3 train.py -v', deps: { 'train.csv': 'zz', 'train.py': null }, params: { seed: 8, grid: [1, 2], lr: 0.1 } },
      { 'model.json': null, 'metrics.json': 'ee' },
      recorded,
      ['prepare'],
    );
    expect(reasons.map(describeStaleReason)).toEqual([
      'command changed',
      'dep train.csv changed',
      'dep train.py is missing',
      'param seed changed',
      'param lr changed',
      'out model.json is missing',
      'out metrics.json was changed since the step wrote it',
      'upstream step prepare is stale',
    ]);
  });

  it('says a step never ran when there is no record of it', () => {
    expect(staleReasons(inputs, outs, undefined, []).map(describeStaleReason)).toEqual(['never ran']);
  });
});
