import { describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { LoadedModel } from '../../runtime/model-runtime.ts';
import { compileInstanceReader } from '../../runtime/read-instances.ts';
import { ExplainerCache, type LoadedForExplaining } from './explain-cache.ts';

const signature = { inputs: [{ name: 'x', type: 'number' as const }], output: { kind: 'regression' as const } };

function version(id: string): ModelVersionRecord {
  return { id, modelName: 'm', version: Number(id.slice(1)), signature } as unknown as ModelVersionRecord;
}

/** Loads a linear model y = 2x per version, counting loads and closes. */
function counting() {
  const loads: string[] = [];
  const closed: string[] = [];
  let fail = false;
  const load = async (v: ModelVersionRecord): Promise<LoadedForExplaining> => {
    loads.push(v.id);
    if (fail) throw new Error('artifact missing');
    const model: LoadedModel = {
      format: 'onnx',
      signature,
      predict: async (batch) => ({ kind: 'regression', values: (batch.columns[0] as Float64Array).map((x) => 2 * x) }),
      close: async () => void closed.push(v.id),
    };
    return {
      model,
      background: { rowCount: 2, columns: [new Float64Array([0, 1])] },
      wording: { features: [{ name: 'x' }] },
      readInstances: compileInstanceReader(signature.inputs),
    };
  };
  return { loads, closed, load, failNext: (value: boolean) => (fail = value) };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ExplainerCache', () => {
  it('loads a version once and reuses its explainer per method', async () => {
    const loader = counting();
    const cache = new ExplainerCache(loader.load, 2);
    const seen = new Set<unknown>();
    for (let i = 0; i < 3; i++) await cache.use(version('v1'), 'exact_shapley', async ({ chosen }) => void seen.add(chosen));
    expect(loader.loads).toEqual(['v1']);
    expect(seen.size).toBe(1);
    const explanation = await cache.use(version('v1'), 'exact_shapley', ({ chosen }) =>
      chosen.explainer.explain({ rowCount: 1, columns: [new Float64Array([3])] }),
    );
    // base = mean over the background (1) + contribution (5) = 2 · 3.
    expect(explanation.baseValues[0]! + explanation.contributions[0]!).toBeCloseTo(6, 12);
  });

  it('keeps at most maxVersions, closing the least recently used once no request uses it', async () => {
    const loader = counting();
    const cache = new ExplainerCache(loader.load, 2);
    await cache.use(version('v1'), undefined, async () => undefined);
    await cache.use(version('v2'), undefined, async () => undefined);
    await cache.use(version('v1'), undefined, async () => undefined); // v2 is now the oldest
    let release!: () => void;
    const inUse = cache.use(version('v3'), undefined, () => new Promise<void>((resolve) => (release = resolve)));
    await flush();
    expect(cache.size).toBe(2);
    await flush();
    expect(loader.closed).toEqual(['v2']);
    // v1 is pushed out while v3 is busy; v3 closes only when its request is done and it is pushed out too.
    await cache.use(version('v4'), undefined, async () => undefined);
    await flush();
    expect(loader.closed).toEqual(['v2', 'v1']);
    await cache.use(version('v5'), undefined, async () => undefined);
    await flush();
    expect(loader.closed).toEqual(['v2', 'v1']);
    release();
    await inUse;
    await flush();
    expect(loader.closed).toEqual(['v2', 'v1', 'v3']);
    cache.close();
    await flush();
    expect(loader.closed.sort()).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
  });

  it('forgets a load that failed, so the next request loads again', async () => {
    const loader = counting();
    const cache = new ExplainerCache(loader.load, 2);
    loader.failNext(true);
    await expect(cache.use(version('v1'), undefined, async () => undefined)).rejects.toThrow('artifact missing');
    loader.failNext(false);
    await cache.use(version('v1'), undefined, async () => undefined);
    expect(loader.loads).toEqual(['v1', 'v1']);
  });

  it('refuses a method the model cannot use without keeping anything but the model', async () => {
    const loader = counting();
    const cache = new ExplainerCache(loader.load, 2);
    const error = await cache.use(version('v1'), 'tree_shap', async () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BallastError);
    expect((error as BallastError).code).toBe('explain_unavailable');
  });
});
