import { describe, expect, it } from 'vitest';
import { solveKernelShap } from './kernel-solve.ts';

describe('solveKernelShap', () => {
  it("recovers an additive model's terms exactly from a few coalitions, the sum pinned to the total", () => {
    // v(S) = Σ_{i∈S} t_i: any coalitions that determine the terms recover them.
    const terms = [1.5, -2, 0.25, 4];
    const masks = [
      [1, 0, 0, 0],
      [0, 1, 1, 1],
      [0, 1, 0, 0],
      [1, 0, 1, 1],
      [1, 1, 0, 1],
      [0, 0, 1, 0],
    ];
    const values = masks.map((mask) => mask.reduce((s, z, i) => s + z * terms[i]!, 0));
    const phi = solveKernelShap(Uint8Array.from(masks.flat()), Float64Array.of(1, 1, 2, 2, 0.5, 0.5), values, 4, 3.75);
    terms.forEach((t, i) => expect(phi[i]).toBeCloseTo(t, 12));
  });

  it('answers the minimum-norm solution, still adding up to the total, when the coalitions do not determine every feature', () => {
    // One coalition for four features: the normal equations are singular.
    const phi = solveKernelShap(Uint8Array.of(1, 1, 0, 0), Float64Array.of(1), [2], 4, 6);
    expect(Array.from(phi).every(Number.isFinite)).toBe(true);
    expect(phi.reduce((a, b) => a + b, 0)).toBeCloseTo(6, 12);
    expect(phi[0]! + phi[1]!).toBeCloseTo(2, 9);
  });
});
