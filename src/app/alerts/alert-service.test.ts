import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertTransition, SignalReading } from '../../core/alerts/alert-rule.ts';
import { openStore, type Store } from '../../store/store.ts';
import type { ReadSignals } from './alert-evaluator.ts';
import { startAlertService, type AlertService, type AlertServiceOptions } from './alert-service.ts';
import { alertRule } from '../../core/alerts/testing/alert-builders.ts';
import { MemoryAlertRules, thresholdStep, valueReading } from './testing/fake-alerts.ts';

const T0 = Date.parse('2026-12-07T10:00:00.000Z');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Two processes' handles on one database: one SQLite file, or one PostgreSQL schema. */
async function twoHandles(dialect: 'sqlite' | 'postgres'): Promise<[Store, Store]> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'ballast-alerts-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const url = `sqlite:${path.join(dir, 'ballast.db')}`;
    const a = await openStore(url);
    const b = await openStore(url);
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );
    return [a, b];
  }
  const url = process.env.BALLAST_TEST_POSTGRES_URL!;
  const schema = `t_alerts_${process.pid}_${Date.now().toString(36)}`;
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  });
  const a = await openStore(url, { schema });
  const b = await openStore(url, { schema });
  cleanups.push(
    () => a.close(),
    () => b.close(),
  );
  return [a, b];
}

const dialects = process.env.BALLAST_TEST_POSTGRES_URL ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);

for (const dialect of dialects) {
  describe(`alert service, two servers on one ${dialect} store`, () => {
    it('lets exactly one evaluate; the lease moves when its holder stops renewing, and at once when it stops', async () => {
      const [storeA, storeB] = await twoHandles(dialect);
      // The rules table both servers read (part of the shared store in production).
      const rules = new MemoryAlertRules([alertRule({ name: 'drifted' })]);
      let now = T0;
      const evaluations: string[] = [];
      const sunk: string[] = [];
      const service = (store: Store, name: string): AlertService => {
        const read: ReadSignals = async (_query, signals) => {
          evaluations.push(name);
          return new Map(signals.map((s): [string, SignalReading] => [s, valueReading(now % 2000 === 0 ? 0.5 : 0.1)]));
        };
        const options: AlertServiceOptions = {
          store,
          alerts: () => rules,
          read,
          step: thresholdStep,
          clock: () => new Date(now),
          holder: name,
          intervalMs: 3_600_000, // ticks are run by hand below
          leaseTtlMs: 3000,
          sinks: [{ name: 'record', sink: async (t: readonly AlertTransition[]) => void sunk.push(...t.map((x) => `${name}:${x.to}`)) }],
          onError: (error) => {
            throw error;
          },
        };
        const started = startAlertService(options);
        cleanups.push(() => started.stop());
        return started;
      };
      const a = service(storeA, 'a');
      const b = service(storeB, 'b');

      // Ten rounds of both ticking at once: one evaluates each time, and it is the same one.
      const winners: string[] = [];
      for (let round = 0; round < 10; round++, now += 1000) {
        const [ta, tb] = await Promise.all([a.tick(), b.tick()]);
        expect([ta?.evaluated, tb?.evaluated].filter(Boolean)).toHaveLength(1);
        winners.push(ta?.evaluated ? 'a' : 'b');
      }
      expect(new Set(winners).size).toBe(1);
      expect(evaluations).toEqual(winners);
      expect(sunk).toHaveLength(10); // the rule flips each second; every transition sunk once
      const [holder, other] = winners[0] === 'a' ? [a, b] : [b, a];

      // The holder stops renewing: the other waits out the lease (3 s), then takes over.
      const last = now - 1000;
      now = last + 2999;
      expect((await other.tick())?.evaluated).toBe(false);
      now = last + 3000;
      expect((await other.tick())?.evaluated).toBe(true);
      expect((await holder.tick())?.evaluated).toBe(false);

      // The new holder stops (a graceful shutdown): the lease is free at once.
      await other.stop();
      expect((await holder.tick())?.evaluated).toBe(true);
    });

    it('never lets a holder that paused past its lease save or notify after another took over', async () => {
      const [storeA, storeB] = await twoHandles(dialect);
      const rules = new MemoryAlertRules([alertRule({ name: 'drifted' })]);
      let now = T0;
      let release!: () => void;
      let paused = false;
      const sunk: string[] = [];
      const make = (store: Store, name: string) =>
        startAlertService({
          store,
          alerts: () => rules,
          read: async (_query, signals) => {
            if (name === 'a' && paused) await new Promise<void>((resolve) => (release = resolve));
            return new Map(signals.map((s): [string, SignalReading] => [s, valueReading(0.9)]));
          },
          step: thresholdStep,
          clock: () => new Date(now),
          holder: name,
          intervalMs: 3_600_000,
          leaseTtlMs: 3000,
          sinks: [{ name: 'record', sink: async (t) => void sunk.push(...t.map((x) => `${name}:${x.to}`)) }],
          onError: (error) => {
            throw error;
          },
        });
      const a = make(storeA, 'a');
      const b = make(storeB, 'b');
      cleanups.push(
        () => a.stop(),
        () => b.stop(),
      );
      expect((await a.tick())?.evaluated).toBe(true);
      expect(sunk).toEqual(['a:firing']);
      rules.states.clear(); // as if a's first save never happened: the rule would fire again for whoever evaluates
      paused = true;
      const aTick = a.tick();
      while (release === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
      now += 5000; // a stalls past its lease; b takes over and evaluates
      expect((await b.tick())?.evaluated).toBe(true);
      release();
      expect((await aTick)?.evaluated).toBe(false);
      expect(sunk).toEqual(['a:firing', 'b:firing']);
    });
  });
}

describe('startAlertService', () => {
  it('ticks every interval, one tick at a time, reports a failing tick and keeps going, and stops ticking when stopped', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ballast-alerts-'));
    const store = await openStore(`sqlite:${path.join(dir, 'ballast.db')}`);
    cleanups.push(
      () => rmSync(dir, { recursive: true, force: true }),
      () => store.close(),
    );
    let reads = 0;
    let lists = 0;
    let afterRuns = 0;
    let concurrent = 0;
    let most = 0;
    const errors: string[] = [];
    const ticks: boolean[] = [];
    const service = startAlertService({
      store,
      alerts: () => ({
        listRules: async () => {
          if (++lists === 2) throw new Error('store down');
          return [alertRule({ name: 'drifted' })];
        },
        listStates: async () => [],
        saveStates: async () => {},
      }),
      read: async (_query, signals) => {
        most = Math.max(most, ++concurrent);
        await new Promise((resolve) => setTimeout(resolve, 30)); // longer than the interval
        concurrent--;
        reads++;
        return new Map(signals.map((s): [string, SignalReading] => [s, valueReading(0.1)]));
      },
      step: thresholdStep,
      clock: () => new Date(),
      holder: 'only',
      intervalMs: 20,
      sinks: [],
      onTick: (tick) => ticks.push(tick.evaluated),
      afterEvaluation: async () => {
        if (++afterRuns === 1) throw new Error('escalation failed');
      },
      onError: (_error, what) => errors.push(what),
    });
    while (reads < 4) await new Promise((resolve) => setTimeout(resolve, 10));
    await service.stop();
    const after = reads;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reads).toBe(after);
    expect(most).toBe(1);
    expect(errors).toEqual([
      'the work after the alert evaluation failed; tried again at the next interval',
      'evaluating the alert rules failed; tried again at the next interval',
    ]);
    expect(afterRuns).toBe(ticks.length);
    expect(ticks.length).toBe(reads);
    expect(ticks.every(Boolean)).toBe(true);
    expect(await store.leases.find('alert-evaluator')).toBeUndefined();
  });
});
