import { describe, expect, it } from 'vitest';
import { outputProducers, stepEdges, topologicalOrder, upstreamOf } from './pipeline-graph.ts';
import type { PipelineDefinition, PipelineStep } from './pipeline-definition.ts';

const step = (name: string, deps: string[], outs: string[]): PipelineStep => ({ name, cmd: `make ${name}`, deps, params: [], outs });

describe('the step graph', () => {
  const steps = [
    step('report', ['model.json', 'test.csv'], ['report.html']),
    step('train', ['train.csv', 'train.py'], ['model.json']),
    step('split', ['raw.csv'], ['train.csv', 'test.csv']),
    step('lint', ['train.py'], []),
  ];

  it('knows which step writes each output and which files each edge carries', () => {
    expect(Object.fromEntries(outputProducers(steps))).toEqual({
      'report.html': 'report',
      'model.json': 'train',
      'train.csv': 'split',
      'test.csv': 'split',
    });
    expect(stepEdges(steps)).toEqual([
      { from: 'train', to: 'report', files: ['model.json'] },
      { from: 'split', to: 'report', files: ['test.csv'] },
      { from: 'split', to: 'train', files: ['train.csv'] },
    ]);
  });

  it('orders writers before readers, keeping the written order among ready steps', () => {
    expect(topologicalOrder(steps).order.map((s) => s.name)).toEqual(['split', 'train', 'report', 'lint']);
    expect(topologicalOrder(steps).cycle).toBeUndefined();
    const definition: PipelineDefinition = { format: 'ballast.pipeline/v1', steps };
    expect(upstreamOf(definition, 'report')).toEqual(['train', 'split']);
    expect(upstreamOf(definition, 'split')).toEqual([]);
  });

  it('finds a cycle, read in run order from its first written step, and orders what it can', () => {
    const cyclic = [
      step('a', ['c.txt'], ['a.txt']),
      step('free', [], ['f.txt']),
      step('b', ['a.txt'], ['b.txt']),
      step('c', ['b.txt'], ['c.txt']),
    ];
    const { order, cycle } = topologicalOrder(cyclic);
    expect(order.map((s) => s.name)).toEqual(['free']);
    expect(cycle).toEqual(['a', 'b', 'c', 'a']);
  });

  it('finds the cycle even when the steps leading into it are written first', () => {
    const cyclic = [step('in', ['x.txt'], ['in.txt']), step('x', ['y.txt', 'in.txt'], ['x.txt']), step('y', ['x.txt'], ['y.txt'])];
    expect(topologicalOrder(cyclic).cycle).toEqual(['x', 'y', 'x']);
  });
});
