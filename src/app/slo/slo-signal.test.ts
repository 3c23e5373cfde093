import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SloObjective } from '../../core/slo/slo-objective.ts';
import type { Store } from '../../store/store.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { RequestPartCache } from './request-windows.ts';
import type { BehaviourWindowReader, SloEvaluation, SloSources } from './slo-evaluation.ts';
import { sloSignal } from './slo-signal.ts';
import { repeat, requestPart } from './testing/window-parts.ts';

const NOW = new Date('2026-12-07T12:00:00.000Z');
const T = NOW.getTime();
const FIVE_MIN = 300_000;
const DAY = 86_400_000;

const availability: SloObjective = { kind: 'availability', name: 'availability', target: 0.999, periodMs: 28 * DAY };
const latency: SloObjective = { kind: 'latency', name: 'latency', target: 0.99, thresholdMs: 50, periodMs: 28 * DAY };
const auc: SloObjective = {
  kind: 'behaviour',
  name: 'auc',
  signal: 'performance.estimated.roc_auc',
  comparison: '>=',
  threshold: 0.8,
  target: 0.9,
  windowMs: 3_600_000,
  periodMs: DAY,
};

const factory = sqliteFactory();
let store: Store;

beforeAll(async () => {
  store = await factory.create();
  await store.slos.save('credit', [availability, latency, auc], { at: NOW.toISOString(), by: 'test', replace: true });
  // The last hour in twelve 5-minute parts of 1,000 requests: 20 failed in the newest, 15 in each other.
  // The newest also has 3 of its 980 answered requests slower than 50 ms.
  const parts = [requestPart('credit', T - FIVE_MIN, FIVE_MIN, [...repeat(977, 10), ...repeat(3, 80)], 20)];
  for (let i = 2; i <= 12; i++) parts.push(requestPart('credit', T - i * FIVE_MIN, FIVE_MIN, repeat(985, 10), 15));
  // A window still open (it ends after now) counts nowhere, whatever it holds.
  parts.push(requestPart('credit', T, FIVE_MIN, repeat(10, 900), 1000));
  // A part rebuilt from the log does not know its failures: latency counts it, availability cannot.
  parts.push(requestPart('credit', T - FIVE_MIN, FIVE_MIN, repeat(20, 10), null, { source: 'recovery' }));
  // Low traffic on another deployment: 5 requests in its last 5 minutes.
  parts.push(requestPart('quiet', T - FIVE_MIN, FIVE_MIN, repeat(4, 10), 1));
  await store.monitoring.insertWindows(parts);
  await store.slos.save('quiet', [availability], { at: NOW.toISOString(), by: 'test', replace: true });
});

afterAll(async () => {
  await store.close();
  await factory.cleanup();
});

const read = (signal: string, sources: Partial<SloSources> = {}, deployment = 'credit') =>
  sloSignal({ store, ...sources }, deployment, signal, NOW);

describe('availability signals (hand-computed)', () => {
  it('burns at the bad share over the budget in each workbook window', async () => {
    // 5m: 20 of 1,000 failed = 2% over 0.1% → 20.
    expect(await read('slo.availability.burn_rate.5m')).toMatchObject({ kind: 'value', rows: 1000, model: null });
    expect(((await read('slo.availability.burn_rate.5m')) as { value: number }).value).toBeCloseTo(20, 9);
    // 30m: (20 + 5 × 15) of 6,000 = 1.5833% → 15.83.
    expect(((await read('slo.availability.burn_rate.30m')) as { value: number }).value).toBeCloseTo(95 / 6000 / 0.001, 9);
    // 1h, 6h, 3d: (20 + 11 × 15) of 12,000 → 15.42.
    for (const w of ['1h', '6h', '3d'])
      expect(((await read(`slo.availability.burn_rate.${w}`)) as { value: number }).value).toBeCloseTo(185 / 12_000 / 0.001, 9);
  });

  it('reports the budget left over the period, overspent here', async () => {
    const reading = await read('slo.availability.budget_remaining');
    expect(reading).toMatchObject({ kind: 'value', rows: 12_000, start: new Date(T - 28 * DAY).toISOString(), end: NOW.toISOString() });
    expect((reading as { value: number }).value).toBeCloseTo(1 - 185 / 12_000 / 0.001, 9);
  });

  it('pages (1h & 5m above 14.4) and opens a ticket (3d & 6h above 1)', async () => {
    expect(await read('slo.availability.page')).toMatchObject({ kind: 'value', value: 1 });
    expect(await read('slo.availability.ticket')).toMatchObject({ kind: 'value', value: 1, rows: 12_000 });
  });

  it('is no_data with too few requests, never a burn rate of 0', async () => {
    expect(await read('slo.availability.burn_rate.5m', {}, 'quiet')).toEqual({
      kind: 'no_data',
      reason: '5 requests in the last 5m (at least 10 needed)',
      model: null,
    });
    expect(await read('slo.availability.page', {}, 'quiet')).toMatchObject({ kind: 'no_data' });
  });
});

describe('latency signals', () => {
  it('counts the requests slower than the bound from the sketches, rebuilt parts included', async () => {
    // 5m: 3 slow of 980 + 20 answered requests = 0.3% over 1% → 0.3; failed requests are not latency events.
    const reading = await read('slo.latency.burn_rate.5m');
    expect(reading).toMatchObject({ kind: 'value', rows: 1000 });
    expect((reading as { value: number }).value).toBeCloseTo(3 / 1000 / 0.01, 9);
    expect(await read('slo.latency.page')).toMatchObject({ kind: 'value', value: 0 });
  });
});

describe('model-behaviour signals', () => {
  // Hourly windows of the last day: ROC AUC 0.85, but 0.7 in the last two and no value (too few rows) in one.
  const reader: BehaviourWindowReader = async (_deployment, objective, range) => {
    expect(objective.name).toBe('auc');
    const windows = [];
    for (let h = 24; h >= 1; h--) {
      const startMs = T - h * 3_600_000;
      windows.push({ startMs, endMs: startMs + 3_600_000, value: h <= 2 ? 0.7 : h === 10 ? null : 0.85 });
    }
    return windows.filter((w) => w.startMs >= range.fromMs);
  };

  it('counts windows that miss the objective against its budget', async () => {
    // 23 judged windows, 2 bad: 8.7% over a 10% budget → 0.87 burnt, 0.13 left.
    const left = await read('slo.auc.budget_remaining', { behaviourWindows: reader });
    expect(left).toMatchObject({ kind: 'value', rows: 23 });
    expect((left as { value: number }).value).toBeCloseTo(1 - 2 / 23 / 0.1, 9);
    // The last hour is one bad window of one: burn 10. No window fits in 5 minutes.
    const hour = await read('slo.auc.burn_rate.1h', { behaviourWindows: reader });
    expect(hour).toMatchObject({ kind: 'value', rows: 1 });
    expect((hour as { value: number }).value).toBeCloseTo(10, 9);
    expect(await read('slo.auc.burn_rate.5m', { behaviourWindows: reader })).toMatchObject({ kind: 'no_data' });
  });

  it('has no data without a reader, or when the reader fails', async () => {
    expect(await read('slo.auc.burn_rate.1h')).toMatchObject({ kind: 'no_data', reason: expect.stringContaining('ballast serve') });
    const failing: BehaviourWindowReader = async () => {
      throw new Error('window "7m" is not a multiple of the base window');
    };
    expect(await read('slo.auc.burn_rate.1h', { behaviourWindows: failing })).toMatchObject({
      kind: 'no_data',
      reason: expect.stringContaining('multiple of the base window'),
    });
  });
});

describe('names and costs', () => {
  it('is no_data for an objective the deployment does not have, or a name that is not an SLO signal', async () => {
    expect(await read('slo.freshness.burn_rate.1h')).toMatchObject({
      kind: 'no_data',
      reason: expect.stringContaining('no service level objective named "freshness"'),
    });
    expect(await read('slo.availability.burn_rate.2h')).toMatchObject({
      kind: 'no_data',
      reason: expect.stringContaining('not an SLO signal'),
    });
  });

  it('reads the store once for all signals of one evaluation, and only changed parts at the next', async () => {
    const calls = { list: 0, parts: 0, partRows: 0, keyRows: 0 };
    const counted = {
      slos: {
        list: (d?: string) => (calls.list++, store.slos.list(d)),
        requestPartKeys: async (d: string, f: string, t: string, since?: string) => {
          const keys = await store.slos.requestPartKeys(d, f, t, since);
          calls.keyRows += keys.length;
          return keys;
        },
        countRequestParts: (d: string, f: string, t: string) => store.slos.countRequestParts(d, f, t),
        requestParts: async (d: string, f: string, t: string) => {
          calls.parts++;
          const parts = await store.slos.requestParts(d, f, t);
          calls.partRows += parts.length;
          return parts;
        },
      },
    };
    const sources: SloSources = {
      store: counted,
      partCache: new RequestPartCache(),
      evaluationCache: new Map<string, { nowMs: number; result: Promise<SloEvaluation[]> }>(),
    };
    const first = await sloSignal(sources, 'credit', 'slo.availability.burn_rate.1h', NOW);
    await sloSignal(sources, 'credit', 'slo.latency.burn_rate.5m', NOW);
    await sloSignal(sources, 'credit', 'slo.availability.page', NOW);
    // The window still open is not read.
    expect(calls).toEqual({ list: 1, parts: 1, partRows: 13, keyRows: 13 });

    // The next evaluation: one part written again (a late flush), nothing else new.
    await store.monitoring.insertWindows([
      requestPart('credit', T - 2 * FIVE_MIN, FIVE_MIN, repeat(985, 10), 115, { updatedAt: '2026-12-07T12:00:30.000Z' }),
    ]);
    const later = new Date(T + 1000);
    const second = await sloSignal(sources, 'credit', 'slo.availability.burn_rate.1h', later);
    // Only the keys written since the latest kept, less 5 minutes of clock slack: the newest window's
    // two parts, the rewritten one, and the open window (now inside the range, still counted
    // nowhere); then the parts from the rewritten one on (those four), not the 10 older ones.
    expect(calls).toEqual({ list: 2, parts: 2, partRows: 13 + 4, keyRows: 13 + 4 });
    // A second later the oldest part has left the hour: 20 + 115 + 9 × 15 failures of 11,100 requests.
    expect((first as { value: number }).value).toBeCloseTo(185 / 12_000 / 0.001, 9);
    expect((second as { value: number }).value).toBeCloseTo(270 / 11_100 / 0.001, 9);
    // Same answers as a reader without caches.
    expect(await sloSignal({ store }, 'credit', 'slo.availability.burn_rate.1h', later)).toEqual(second);

    // A part deleted (recovery replaces a crashed writer's parts) is noticed by the count and forgotten.
    await store.monitoring.deleteWindowParts('credit', new Date(T - 3 * FIVE_MIN).toISOString(), FIVE_MIN, ['server-a']);
    const third = await sloSignal(sources, 'credit', 'slo.availability.burn_rate.1h', new Date(T + 2000));
    expect(third).toEqual(await sloSignal({ store }, 'credit', 'slo.availability.burn_rate.1h', new Date(T + 2000)));
    expect((third as { rows: number }).rows).toBe(11_100 - 1000);
  });
});
