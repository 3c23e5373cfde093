import type { PipelineDefinition, PipelineStep } from './pipeline-definition.ts';

/** Step `to` reads `files` that step `from` writes. */
export interface StepEdge {
  readonly from: string;
  readonly to: string;
  readonly files: readonly string[];
}

/** Which step writes each output path; the first writer wins (the parser refuses a second one). */
export function outputProducers(steps: readonly Pick<PipelineStep, 'name' | 'outs'>[]): Map<string, string> {
  const producers = new Map<string, string>();
  for (const step of steps) for (const out of step.outs) if (!producers.has(out)) producers.set(out, step.name);
  return producers;
}

/** The dependency edges between steps, in the order the steps are written. */
export function stepEdges(steps: readonly Pick<PipelineStep, 'name' | 'deps' | 'outs'>[]): StepEdge[] {
  const producers = outputProducers(steps);
  const edges: StepEdge[] = [];
  for (const step of steps) {
    const byProducer = new Map<string, string[]>();
    for (const dep of step.deps) {
      const from = producers.get(dep);
      if (from === undefined) continue;
      byProducer.set(from, [...(byProducer.get(from) ?? []), dep]);
    }
    for (const [from, files] of byProducer) edges.push({ from, to: step.name, files });
  }
  return edges;
}

export interface StepOrder<S> {
  /** Every step after the steps it reads from; among ready steps, the order they are written in. */
  readonly order: readonly S[];
  /** The step names of one cycle (first repeated at the end), when the steps have one. */
  readonly cycle?: readonly string[];
}

/**
 * Kahn's topological sort, taking the first ready step in written order each time, so a pipeline
 * whose steps are already written in a good order runs in exactly that order.
 */
export function topologicalOrder<S extends Pick<PipelineStep, 'name' | 'deps' | 'outs'>>(steps: readonly S[]): StepOrder<S> {
  const edges = stepEdges(steps);
  const upstream = new Map<string, Set<string>>(steps.map((s) => [s.name, new Set<string>()]));
  for (const edge of edges) upstream.get(edge.to)?.add(edge.from);
  const done = new Set<string>();
  const order: S[] = [];
  while (order.length < steps.length) {
    const ready = steps.find((s) => !done.has(s.name) && [...upstream.get(s.name)!].every((u) => done.has(u)));
    if (ready === undefined) return { order, cycle: findCycle(steps, upstream, done) };
    done.add(ready.name);
    order.push(ready);
  }
  return { order };
}

/** A cycle among the steps not yet ordered: walk upstream from any of them until a step repeats. */
function findCycle(steps: readonly Pick<PipelineStep, 'name'>[], upstream: Map<string, Set<string>>, done: Set<string>): string[] {
  let current = steps.find((s) => !done.has(s.name))!.name;
  const path: string[] = [];
  while (!path.includes(current)) {
    path.push(current);
    // Every unordered step has an unordered upstream step, or it would have been ready.
    current = [...upstream.get(current)!].find((u) => !done.has(u))!;
  }
  // The walk went upstream; a cycle reads in run order (writer before reader), from its first written step.
  const cycle = path.slice(path.indexOf(current)).reverse();
  const position = (name: string) => steps.findIndex((s) => s.name === name);
  const start = cycle.reduce((best, name, index) => (position(name) < position(cycle[best]!) ? index : best), 0);
  const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
  return [...rotated, rotated[0]!];
}

/** The steps in run order; the definition was checked, so it has no cycle. */
export function runOrder(definition: PipelineDefinition): readonly PipelineStep[] {
  return topologicalOrder(definition.steps).order;
}

/** The steps a step reads outputs of, directly. */
export function upstreamOf(definition: PipelineDefinition, stepName: string): string[] {
  return stepEdges(definition.steps)
    .filter((edge) => edge.to === stepName)
    .map((edge) => edge.from);
}
