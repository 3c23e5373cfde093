import { monotonicFactory } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { isSampledForLog } from '../../core/log-sampling.ts';
import { DEFAULT_DEPLOYMENT_CONFIG, type PredictionLogRecord } from '../../core/serving-records.ts';
import type { WindowProfileRecord } from '../../store/monitoring-repository.ts';
import type { Store } from '../../store/store.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { windowLatency } from './window-latency.ts';
import { WindowProfiler } from './window-profiler.ts';
import { logged, referenceFor, T0, version } from './testing/window-profiler-test-data.ts';
import { recoverDeploymentWindows, recoverWindows } from './window-recovery.ts';

const at = '2026-11-25T09:00:00.000Z';

async function seed(store: Store, logSampleRate = 1): Promise<void> {
  await store.artifacts.insertIfAbsent({ sha256: 'a'.repeat(64), sizeBytes: 1, mediaType: 'application/json', createdAt: at });
  await store.models.insert({
    id: 'm1',
    name: 'credit',
    description: '',
    owner: '',
    intendedUse: '',
    tags: [],
    createdBy: 'ann',
    createdAt: at,
  });
  await store.versions.insert({ ...version, snapshotId: null });
  await store.deployments.insert({
    id: 'd1',
    name: 'credit',
    versionId: 'v1',
    config: { maxBatchSize: 8, maxDelayMs: 1, logSampleRate },
    revision: 1,
    createdBy: 'ann',
    createdAt: at,
    updatedBy: 'ann',
    updatedAt: at,
  });
}

/** Requests of three rows every 7 s from T0, logged with ULIDs made at their time, as the server does. */
function traffic(count: number, version = 'v1'): PredictionLogRecord[][] {
  const newId = monotonicFactory(() => 0.5);
  const requests: PredictionLogRecord[][] = [];
  for (let i = 0; i < count; i += 3) {
    const time = T0 + (i / 3) * 7000;
    // Each request its own latency, shared by its rows as the server logs them.
    const latencyMs = 0.5 + (((i / 3) * 1.37) % 9);
    requests.push([i, i + 1, i + 2].map((k) => ({ ...logged(k, time), id: newId(time), versionId: version, latencyMs })));
  }
  return requests;
}

/** What a live profiler on the same store would write for these requests (seed 1, as recovery's). */
async function liveWindows(store: Store, requests: readonly PredictionLogRecord[][], source = 'live'): Promise<WindowProfileRecord[]> {
  const written: WindowProfileRecord[] = [];
  const profiler = new WindowProfiler({
    store: {
      monitoring: {
        ...store.monitoring,
        findReference: (id: string) => store.monitoring.findReference(id),
        insertWindows: async (r: readonly WindowProfileRecord[]) => void written.push(...r),
      },
    } as unknown as Pick<Store, 'monitoring'>,
    clock: () => new Date(T0),
    source,
    seed: 1,
  });
  await profiler.prepare(version);
  for (const request of requests) profiler.observe(version, request);
  await profiler.flush({ all: true });
  return written.sort((a, b) => a.windowStart.localeCompare(b.windowStart));
}

/** Moves deployment d1 to a new log sample rate at `atIso`, as a deploy would. */
async function setRate(store: Store, revision: number, logSampleRate: number, atIso: string): Promise<void> {
  expect(
    await store.deployments.update('d1', revision, {
      versionId: 'v1',
      config: { ...DEFAULT_DEPLOYMENT_CONFIG, logSampleRate },
      actor: 'ann',
      at: atIso,
    }),
  ).toBe(true);
}

/** Parts as written by a process that flushed them at `updatedAt`. */
const writtenAt = (parts: readonly WindowProfileRecord[], updatedAt: string) => parts.map((p) => ({ ...p, updatedAt }));

const exactParts = (w: WindowProfileRecord) => ({
  windowStart: w.windowStart,
  versionId: w.versionId,
  rows: w.rows,
  profile: w.profile,
  reconstruction: w.reconstruction,
});

for (const factory of storeFactories()) {
  describe(`window recovery on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('rebuilds windows with logged predictions and no profile exactly as the live profiler would have made them', async () => {
      const store = await factory.create();
      try {
        await seed(store);
        const requests = traffic(90);
        await store.monitoring.saveReference(referenceFor(requests.flat()));
        await store.predictions.insertMany(requests.flat());
        const until = new Date(T0 + 150_000);
        const report = await recoverWindows(store, { windowMs: 60_000, until, now: () => until });
        expect(report.map((r) => [r.windowStart, r.logged, r.profiled, r.status])).toEqual([
          ['2026-11-25T10:00:00.000Z', 27, 0, 'rebuilt'],
          ['2026-11-25T10:01:00.000Z', 27, 0, 'rebuilt'],
          ['2026-11-25T10:02:00.000Z', 12, 0, 'rebuilt'],
        ]);
        const stored = await store.monitoring.windows('credit', '2026-11-25T10:00:00.000Z', '2026-11-25T11:00:00.000Z');
        expect(stored.every((w) => w.source === 'recovery' && w.status === 'rebuilt')).toBe(true);
        // Predictions at or after the process start belong to the live profiler.
        const live = await liveWindows(
          store,
          requests.filter((r) => Date.parse(r[0]!.at) < until.getTime()),
        );
        expect(stored.map(exactParts)).toEqual(live.map(exactParts));
        expect(stored[0]!.reconstruction?.count).toBe(27);
        // Latency is rebuilt from the log, one value per request as the live profiler keeps it;
        // failed requests are not in the log, so their count is unknown, not 0.
        expect(stored.map((w) => w.latency?.count)).toEqual([9, 9, 4]);
        expect(stored.map((w) => windowLatency([w]))).toEqual(live.map((w) => ({ ...windowLatency([w])!, errors: null })));
        expect(windowLatency([stored[0]!])!.p99_ms).toBeGreaterThan(windowLatency([stored[0]!])!.p50_ms!);
        // A second run finds nothing left to do.
        expect(await recoverWindows(store, { windowMs: 60_000, until })).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('rebuilds a partly flushed window whole and replaces its partial part; the live part and complete windows stay', async () => {
      const store = await factory.create();
      try {
        await seed(store);
        const requests = traffic(75); // 25 requests, 10:00:00 to 10:02:48
        await store.predictions.insertMany(requests.flat());
        // The previous server flushed 10:00 whole and 10:01 up to its stop at 10:01:30 ...
        const before = requests.filter((r) => r[0]!.at < '2026-11-25T10:01:30.000Z');
        await store.monitoring.insertWindows(await liveWindows(store, before, 'proc-a'));
        // ... the next one logged the rest and crashed; this one starts at 10:02:30, and has already flushed a part of 10:02.
        const until = new Date(Date.parse('2026-11-25T10:02:30.000Z'));
        const ours = await liveWindows(
          store,
          requests.filter((r) => r[0]!.at >= until.toISOString()),
          'proc-c',
        );
        await store.monitoring.insertWindows(ours);
        const report = await recoverDeploymentWindows(store, 'credit', { windowMs: 60_000, until, liveSource: 'proc-c' });
        expect(report.map((r) => [r.windowStart, r.logged, r.profiled, r.status])).toEqual([
          ['2026-11-25T10:01:00.000Z', 27, 12, 'rebuilt'],
          ['2026-11-25T10:02:00.000Z', 12, 0, 'rebuilt'],
        ]);
        const stored = await store.monitoring.windows('credit', '2026-11-25T10:00:00.000Z', '2026-11-25T10:03:00.000Z');
        expect(stored.map((w) => [w.windowStart, w.source, w.rows, w.status])).toEqual([
          ['2026-11-25T10:00:00.000Z', 'proc-a', 27, 'complete'],
          ['2026-11-25T10:01:00.000Z', 'recovery', 27, 'rebuilt'],
          ['2026-11-25T10:02:00.000Z', 'proc-c', 9, 'complete'],
          ['2026-11-25T10:02:00.000Z', 'recovery', 12, 'rebuilt'],
        ]);
        // Every logged prediction is profiled exactly once.
        expect(stored.reduce((n, w) => n + w.rows, 0)).toBe(75);
      } finally {
        await store.close();
      }
    });

    it('marks a window in which the deployment logged a sample incomplete with its logged count, and still rebuilds the windows logged whole', async () => {
      const store = await factory.create();
      try {
        await seed(store);
        // Rate 0.5 from 10:01:00 to 10:01:30; servers may keep sampling 10 s after the change back.
        await setRate(store, 1, 0.5, '2026-11-25T10:01:00.000Z');
        await setRate(store, 2, 1, '2026-11-25T10:01:30.000Z');
        const requests = traffic(90); // 30 requests, 10:00:00 to 10:03:23
        const sampledUntil = '2026-11-25T10:01:30.000Z';
        const log = requests.flat().filter((r) => r.at < '2026-11-25T10:01:00.000Z' || r.at >= sampledUntil || isSampledForLog(r.id, 0.5));
        await store.predictions.insertMany(log);
        const inSampledWindow = log.filter((r) => r.at.startsWith('2026-11-25T10:01')).length;
        expect(inSampledWindow).toBeLessThan(27);
        await store.monitoring.saveReference(referenceFor(requests.flat()));
        const until = new Date(T0 + 240_000);
        const report = await recoverDeploymentWindows(store, 'credit', {
          windowMs: 60_000,
          until,
          now: () => until,
          rateChangeLagMs: 10_000,
        });
        expect(report.map((r) => [r.windowStart, r.logged, r.profiled, r.status])).toEqual([
          ['2026-11-25T10:00:00.000Z', 27, 0, 'rebuilt'],
          ['2026-11-25T10:01:00.000Z', inSampledWindow, 0, 'incomplete'],
          ['2026-11-25T10:02:00.000Z', 24, 0, 'rebuilt'],
          ['2026-11-25T10:03:00.000Z', 12, 0, 'rebuilt'],
        ]);
        expect(report[1]!.reason).toMatch(/logged a sample of its predictions/);
        const stored = await store.monitoring.windows('credit', '2026-11-25T10:00:00.000Z', '2026-11-25T10:04:00.000Z');
        expect(stored.map((w) => [w.windowStart, w.source, w.rows, w.status])).toEqual([
          ['2026-11-25T10:00:00.000Z', 'recovery', 27, 'rebuilt'],
          ['2026-11-25T10:01:00.000Z', 'recovery', inSampledWindow, 'incomplete'],
          ['2026-11-25T10:02:00.000Z', 'recovery', 24, 'rebuilt'],
          ['2026-11-25T10:03:00.000Z', 'recovery', 12, 'rebuilt'],
        ]);
        expect(stored[1]!.profile.rows).toBe(0);
        // A window that cannot be rebuilt knows neither its latency nor its failures.
        expect(windowLatency([stored[1]!])).toBeNull();
        expect(windowLatency([stored[0]!])).toMatchObject({ errors: null });
        // The windows logged whole are exactly what the live profiler would have made.
        const live = await liveWindows(
          store,
          requests.filter((r) => !r[0]!.at.startsWith('2026-11-25T10:01')),
        );
        expect([0, 2, 3].map((i) => exactParts(stored[i]!))).toEqual(live.map(exactParts));
        expect(await recoverDeploymentWindows(store, 'credit', { windowMs: 60_000, until, rateChangeLagMs: 10_000 })).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('with a sampled log, marks incomplete a window logged into after its last part was written, even when the part outnumbers the log', async () => {
      const store = await factory.create();
      try {
        await seed(store, 0.5);
        const requests = traffic(90); // 30 requests, 10:00:00 to 10:03:23
        await store.predictions.insertMany(requests.flat().filter((r) => isSampledForLog(r.id, 0.5)));
        const loggedIn = (minute: string) =>
          requests.flat().filter((r) => r.at.startsWith(`2026-11-25T10:0${minute}`) && isSampledForLog(r.id, 0.5)).length;
        // Process A profiled everything up to its stop at 10:01:30: 10:00 whole, flushed at 10:01:05,
        // and 10:01 up to 10:01:24, flushed at its stop. B served from 10:01:31 and crashed.
        const a = await liveWindows(
          store,
          requests.filter((r) => r[0]!.at < '2026-11-25T10:01:30.000Z'),
          'proc-a',
        );
        await store.monitoring.insertWindows([
          ...writtenAt([a[0]!], '2026-11-25T10:01:05.000Z'),
          ...writtenAt([a[1]!], '2026-11-25T10:01:30.000Z'),
        ]);
        expect(a[1]!.rows).toBe(12);
        expect(a[1]!.rows).toBeGreaterThanOrEqual(loggedIn('1'));
        const until = new Date('2026-11-25T10:03:30.000Z');
        const report = await recoverDeploymentWindows(store, 'credit', { windowMs: 60_000, until, now: () => until, liveSource: 'proc-c' });
        expect(report.map((r) => [r.windowStart, r.logged, r.profiled, r.status])).toEqual([
          ['2026-11-25T10:01:00.000Z', loggedIn('1'), 12, 'incomplete'],
          ['2026-11-25T10:02:00.000Z', loggedIn('2'), 0, 'incomplete'],
          ['2026-11-25T10:03:00.000Z', loggedIn('3'), 0, 'incomplete'],
        ]);
        const stored = await store.monitoring.windows('credit', '2026-11-25T10:00:00.000Z', '2026-11-25T10:04:00.000Z');
        expect(stored.map((w) => [w.windowStart, w.source, w.status])).toEqual([
          ['2026-11-25T10:00:00.000Z', 'proc-a', 'complete'],
          ['2026-11-25T10:01:00.000Z', 'recovery', 'incomplete'],
          ['2026-11-25T10:02:00.000Z', 'recovery', 'incomplete'],
          ['2026-11-25T10:03:00.000Z', 'recovery', 'incomplete'],
        ]);
        expect(await recoverDeploymentWindows(store, 'credit', { windowMs: 60_000, until, liveSource: 'proc-c' })).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('with a sampled log, leaves alone a window whose parts were written after its last logged prediction', async () => {
      const store = await factory.create();
      try {
        await seed(store, 0.5);
        const requests = traffic(90);
        await store.predictions.insertMany(requests.flat().filter((r) => isSampledForLog(r.id, 0.5)));
        // A served all of it and flushed each window 5 s after its end (10:03 at its stop, 10:03:30).
        const a = await liveWindows(store, requests, 'proc-a');
        await store.monitoring.insertWindows([
          ...writtenAt(a.slice(0, 3), '2026-11-25T10:03:05.000Z'),
          ...writtenAt([a[3]!], '2026-11-25T10:03:30.000Z'),
        ]);
        const until = new Date('2026-11-25T10:04:00.000Z');
        expect(await recoverDeploymentWindows(store, 'credit', { windowMs: 60_000, until, lookbackMs: 3_600_000 })).toEqual([]);
        expect(
          (await store.monitoring.windows('credit', '2026-11-25T10:00:00.000Z', '2026-11-25T10:04:00.000Z')).every(
            (w) => w.source === 'proc-a' && w.status === 'complete',
          ),
        ).toBe(true);
      } finally {
        await store.close();
      }
    });

    it('writes a window it cannot profile as incomplete with its logged row count', async () => {
      const store = await factory.create();
      try {
        await seed(store);
        const requests = traffic(6, 'v-gone');
        await store.predictions.insertMany(requests.flat());
        const until = new Date(T0 + 60_000);
        const report = await recoverDeploymentWindows(store, 'credit', { windowMs: 60_000, until });
        expect(report).toEqual([
          {
            deployment: 'credit',
            windowStart: '2026-11-25T10:00:00.000Z',
            logged: 6,
            profiled: 0,
            status: 'incomplete',
            reason: 'no version of the window could be profiled (unknown version)',
          },
        ]);
        const [window] = await store.monitoring.windows('credit', '2026-11-25T10:00:00.000Z', '2026-11-25T10:01:00.000Z');
        expect(window).toMatchObject({ versionId: 'v-gone', source: 'recovery', rows: 6, status: 'incomplete', reconstruction: null });
      } finally {
        await store.close();
      }
    });
  });
}
