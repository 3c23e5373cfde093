import { describe, expect, it } from 'vitest';
import type { BehaviourObjective } from '../../core/slo/slo-objective.ts';
import type { DeploymentPerformance, PerformanceWindow } from '../performance/deployment-performance.ts';
import { behaviourWindowReader, type ReadPerformance } from './behaviour-windows.ts';

const HOUR = 3_600_000;
const T = Date.parse('2026-12-07T12:00:00.000Z');

const objective: BehaviourObjective = {
  kind: 'behaviour',
  name: 'auc',
  signal: 'performance.estimated.roc_auc',
  comparison: '>=',
  threshold: 0.8,
  target: 0.9,
  windowMs: HOUR,
  periodMs: 24 * HOUR,
};

/** A fake performance reader: windows whose estimated ROC AUC is 0.5 + hour of day / 100, realised 0.9, KPI 0.02. */
function fakePerformance(calls: { from: string; to: string; window: string }[]): ReadPerformance {
  return async (deployment, range) => {
    calls.push(range);
    const windows: PerformanceWindow[] = [];
    const step = Number(range.window.replace(/s$/, '')) * 1000;
    for (let s = Date.parse(range.from); s < Date.parse(range.to); s += step) {
      const hour = new Date(s).getUTCHours();
      windows.push({
        start: new Date(s).toISOString(),
        end: new Date(s + step).toISOString(),
        model: { name: 'm', version: 1 },
        metrics: {
          roc_auc: {
            estimated: hour === 3 ? null : (50 + hour) / 100,
            realized: 0.9,
            sampling_error: null,
            lower: null,
            upper: null,
            alert: false,
          },
        },
        kpis: [{ name: 'refunds', value: 0.02 }],
      } as unknown as PerformanceWindow);
    }
    return { deployment, windows } as unknown as DeploymentPerformance;
  };
}

describe('behaviour windows from the performance reader', () => {
  it('judges closed windows only, the signal picked from each', async () => {
    const calls: { from: string; to: string; window: string }[] = [];
    const read = behaviourWindowReader(fakePerformance(calls));
    const windows = await read('credit', objective, { fromMs: T - 5 * HOUR, toMs: T + HOUR / 2 });
    expect(calls).toEqual([{ from: '2026-12-07T07:00:00.000Z', to: '2026-12-07T12:00:00.000Z', window: '3600s' }]);
    expect(windows.map((w) => w.value)).toEqual([0.57, 0.58, 0.59, 0.6, 0.61]);
    const kpi = behaviourWindowReader(fakePerformance([]));
    expect((await kpi('credit', { ...objective, signal: 'kpi.refunds' }, { fromMs: T - HOUR, toMs: T }))[0]!.value).toBe(0.02);
    const realised = behaviourWindowReader(fakePerformance([]));
    expect(
      (await realised('credit', { ...objective, signal: 'performance.realized.roc_auc' }, { fromMs: T - HOUR, toMs: T }))[0]!.value,
    ).toBe(0.9);
    const unknown = behaviourWindowReader(fakePerformance([]));
    expect(
      (await unknown('credit', { ...objective, signal: 'performance.estimated.f1' }, { fromMs: T - HOUR, toMs: T }))[0]!.value,
    ).toBeNull();
  });

  it('reads each window once: a later evaluation reads only the windows closed since', async () => {
    const calls: { from: string; to: string; window: string }[] = [];
    const read = behaviourWindowReader(fakePerformance(calls));
    await read('credit', objective, { fromMs: T - 24 * HOUR, toMs: T });
    const again = await read('credit', objective, { fromMs: T - 24 * HOUR + 60_000, toMs: T + 60_000 });
    expect(calls).toHaveLength(1);
    // The window that began before the new range's start is dropped; 23 whole windows remain.
    expect(again).toHaveLength(23);
    const next = await read('credit', objective, { fromMs: T - 23 * HOUR, toMs: T + HOUR });
    expect(calls.slice(1)).toEqual([{ from: '2026-12-07T12:00:00.000Z', to: '2026-12-07T13:00:00.000Z', window: '3600s' }]);
    expect(next.map((w) => new Date(w.startMs).getUTCHours()).slice(-2)).toEqual([11, 12]);
    // The hour whose estimate is missing stays a window without a value (not judged).
    expect(next.find((w) => new Date(w.startMs).getUTCHours() === 3)!.value).toBeNull();
  });

  it('reads a long span in pieces the performance route accepts', async () => {
    const calls: { from: string; to: string; window: string }[] = [];
    const read = behaviourWindowReader(fakePerformance(calls));
    const windows = await read('credit', { ...objective, windowMs: 60_000 }, { fromMs: T - 3 * 86_400_000, toMs: T });
    expect(windows).toHaveLength(3 * 1440);
    expect(calls).toHaveLength(5); // 4,320 one-minute windows, at most 1,000 a read
  });
});
