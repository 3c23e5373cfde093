import { describe, expect, it } from 'vitest';
import { compareRunOutputs } from './compare-run-outputs.ts';
import type { PipelineRunRecord, StepRunRecord } from './pipeline-definition.ts';

const h = (c: string) => c.repeat(64);

function step(name: string, outs: Record<string, string>, status: StepRunRecord['status'] = 'ran'): StepRunRecord {
  return { name, cmd: `make ${name}`, status, stepHash: h('0'), deps: {}, params: {}, outs, durationMs: 1 };
}

function run(steps: StepRunRecord[]): PipelineRunRecord {
  return {
    id: 'R',
    pipeline: 'pipeline.yaml',
    pipelineSha256: h('f'),
    gitCommit: null,
    gitDirty: null,
    tools: { node: 'v22', python: null, pipFreezeSha256: null },
    params: {},
    steps,
    status: 'succeeded',
    startedAt: 't0',
    finishedAt: 't1',
    createdBy: 'a',
  };
}

describe('compareRunOutputs', () => {
  const recorded = run([step('prepare', { 'train.csv': h('a'), 'live.csv': h('b') }), step('train', { 'model.json': h('c') })]);

  it('is identical when every recorded output has the same hash, in step order then by path', () => {
    const result = compareRunOutputs(
      recorded,
      run([step('train', { 'model.json': h('c') }), step('prepare', { 'live.csv': h('b'), 'train.csv': h('a') })]),
    );
    expect(result.identical).toBe(true);
    expect(result.differing).toEqual([]);
    expect(result.files.map((f) => `${f.step}/${f.path}`)).toEqual(['prepare/live.csv', 'prepare/train.csv', 'train/model.json']);
  });

  it('names the output whose bytes changed: a nondeterministic trainer', () => {
    const result = compareRunOutputs(
      recorded,
      run([step('prepare', { 'train.csv': h('a'), 'live.csv': h('b') }), step('train', { 'model.json': h('d') })]),
    );
    expect(result.identical).toBe(false);
    expect(result.differing).toEqual([{ step: 'train', path: 'model.json', recorded: h('c'), reproduced: h('d') }]);
  });

  it('counts an output the rerun did not write as differing', () => {
    const result = compareRunOutputs(
      recorded,
      run([step('prepare', { 'train.csv': h('a'), 'live.csv': h('b') }), step('train', {}, 'failed')]),
    );
    expect(result.identical).toBe(false);
    expect(result.differing).toEqual([{ step: 'train', path: 'model.json', recorded: h('c'), reproduced: null }]);
  });

  it('ignores outputs the record lacks', () => {
    const partial = run([step('prepare', { 'train.csv': h('a') }), step('train', {}, 'failed')]);
    const result = compareRunOutputs(partial, run([step('prepare', { 'train.csv': h('a') }), step('train', { 'model.json': h('c') })]));
    expect(result).toEqual({
      identical: true,
      files: [{ step: 'prepare', path: 'train.csv', recorded: h('a'), reproduced: h('a') }],
      differing: [],
    });
  });
});
