import { describe, expect, it } from 'vitest';
import { rowReconstructionError } from '../../core/drift/pca-reconstruction.ts';
import { DatasetProfile } from '../../core/profiles/dataset-profile.ts';
import type { PredictionLogRecord } from '../../core/serving-records.ts';
import { Moments } from '../../core/sketches/moments.ts';
import type { ReferenceProfileRecord, WindowProfileRecord } from '../../store/monitoring-repository.ts';
import type { Store } from '../../store/store.ts';
import { priorityStream } from './priority-stream.ts';
import { windowLatency } from './window-latency.ts';
import { WindowProfiler } from './window-profiler.ts';
import { logged, referenceFor, T0, version } from './testing/window-profiler-test-data.ts';

/** The same rows through the plain addRecord path: what a window must hold. */
function expectedProfile(schema: DatasetProfile['schema'], records: readonly PredictionLogRecord[], seed: number): DatasetProfile {
  const profile = new DatasetProfile(schema);
  const next = priorityStream(seed);
  for (const r of records) {
    const out = r.output as { label: number; probabilities: number[] };
    profile.addRecord(
      {
        ...r.inputs,
        'prediction.label': out.label,
        'prediction.probability.0': out.probabilities[0],
        'prediction.probability.1': out.probabilities[1],
      },
      next(),
    );
  }
  return profile;
}

class FakeMonitoringStore {
  written: WindowProfileRecord[] = [];
  failures = 0;
  references = new Map<string, ReferenceProfileRecord>();
  readonly monitoring = {
    insertWindows: async (records: readonly WindowProfileRecord[]) => {
      if (this.failures > 0) {
        this.failures--;
        throw new Error('database is locked');
      }
      this.written.push(...records);
    },
    findReference: async (id: string) => this.references.get(id),
  };
  get store(): Pick<Store, 'monitoring'> {
    return this as unknown as Pick<Store, 'monitoring'>;
  }
}

function setup(options: { reference?: ReferenceProfileRecord; buildReference?: () => Promise<ReferenceProfileRecord | undefined> } = {}) {
  const fake = new FakeMonitoringStore();
  if (options.reference) fake.references.set(version.id, options.reference);
  let now = T0;
  const notes: string[] = [];
  const told: (readonly WindowProfileRecord[])[] = [];
  const profiler = new WindowProfiler({
    store: fake.store,
    clock: () => new Date(now),
    source: 'proc-a',
    seed: 7,
    buildReference: options.buildReference,
    onNote: (n) => notes.push(n),
    onWritten: (records) => void told.push(records),
  });
  return { fake, profiler, notes, told, setNow: (t: number) => void (now = t) };
}

describe('window profiler', () => {
  it('profiles each request into the window of its log time and flushes windows only after end + grace', async () => {
    const { fake, profiler, notes, setNow } = setup();
    await profiler.prepare(version);
    expect(notes[0]).toMatch(/no reference profile.*signature/);
    const first = [0, 1, 2].map((i) => logged(i, T0 + 10_000));
    const second = [3, 4].map((i) => logged(i, T0 + 59_999));
    const third = [5].map((i) => logged(i, T0 + 60_000));
    for (const request of [first, second, third]) profiler.observe(version, request);
    expect(profiler.openWindows).toBe(2);
    expect(profiler.liveWindows('credit').map((w) => [w.windowStart, w.source, w.rows])).toEqual([
      ['2026-11-25T10:00:00.000Z', 'proc-a', 5],
      ['2026-11-25T10:01:00.000Z', 'proc-a', 1],
    ]);
    expect(profiler.liveWindows('other')).toEqual([]);

    setNow(T0 + 64_999);
    expect(await profiler.flush()).toBe(0);
    setNow(T0 + 65_000);
    expect(await profiler.flush()).toBe(1);
    expect(fake.written).toHaveLength(1);
    const [written] = fake.written;
    expect(written).toMatchObject({
      deployment: 'credit',
      versionId: 'v1',
      windowStart: '2026-11-25T10:00:00.000Z',
      windowMs: 60_000,
      source: 'proc-a',
      rows: 5,
      reconstruction: null,
      status: 'complete',
    });
    const schema = DatasetProfile.fromJSON(written!.profile).schema;
    expect(schema.columns.map((c) => [c.name, c.kind])).toEqual([
      ['age', 'numeric'],
      ['income', 'numeric'],
      ['sex', 'categorical'],
      ['prediction.label', 'categorical'],
      ['prediction.probability.0', 'numeric'],
      ['prediction.probability.1', 'numeric'],
    ]);
    // Exactly what addRecord gives on the same rows and priorities (the priorities continue into the next window).
    expect(written!.profile).toEqual(expectedProfile(schema, [...first, ...second], 7).toJSON());

    expect(await profiler.flush({ all: true })).toBe(1);
    expect(fake.written[1]).toMatchObject({ windowStart: '2026-11-25T10:01:00.000Z', rows: 1 });
    expect(profiler.openWindows).toBe(0);
  });

  it('profiles on the reference schema without the label and keeps the moments of the reconstruction errors', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => logged(i, T0 + i * 100));
    const reference = referenceFor(rows);
    const { fake, profiler } = setup({ reference });
    await profiler.prepare(version);
    for (let i = 0; i < rows.length; i += 4) profiler.observe(version, rows.slice(i, i + 4));
    await profiler.flush({ all: true });
    const [written] = fake.written;
    const schema = { columns: reference.profile.columns.map((c) => c.schema).filter((c) => c.name !== 'label') };
    expect(written!.profile).toEqual(expectedProfile(schema, rows, 7).toJSON());
    const age = DatasetProfile.fromJSON(written!.profile).column('age');
    expect(age?.kind === 'numeric' && Array.from(age.histogram!.counts)).toEqual([10, 10, 10, 10]);
    const moments = new Moments();
    for (const r of rows)
      moments.add(
        rowReconstructionError(reference.multivariate!, [r.inputs.age as number, (r.inputs.income as number | null) ?? Number.NaN]),
      );
    expect(written!.reconstruction).toEqual(moments.toJSON());
  });

  it('writes a window with a row it could not profile as incomplete, and says so once', async () => {
    const { fake, profiler, notes, setNow } = setup();
    await profiler.prepare(version);
    const broken = { ...logged(1, T0 + 1000), output: null } as unknown as PredictionLogRecord;
    expect(() => profiler.observe(version, [logged(0, T0 + 1000), broken, broken, logged(2, T0 + 1000)])).not.toThrow();
    expect(notes.filter((n) => /could not be profiled/.test(n))).toHaveLength(1);
    setNow(T0 + 65_000);
    await profiler.flush();
    expect(fake.written).toHaveLength(1);
    expect(fake.written[0]!.status).toBe('incomplete');
  });

  it('keeps a window whose write failed and writes it, with what came meanwhile, at the next flush; tells only of written windows', async () => {
    const { fake, profiler, told, setNow } = setup();
    await profiler.prepare(version);
    profiler.observe(version, [logged(0, T0 + 1000), logged(1, T0 + 2000)]);
    fake.failures = 1;
    setNow(T0 + 70_000);
    await expect(profiler.flush()).rejects.toThrow('database is locked');
    expect(told).toEqual([]);
    expect(profiler.openWindows).toBe(1);
    profiler.observe(version, [logged(2, T0 + 3000)]);
    expect(await profiler.flush()).toBe(1);
    expect(fake.written.map((w) => [w.source, w.rows])).toEqual([['proc-a', 3]]);
    // The drift gauges hear of the window once it is written, with the row that was written.
    expect(told).toEqual([fake.written]);
  });

  it('writes a window reopened by a late request as a part of its own', async () => {
    const { fake, profiler, setNow } = setup();
    await profiler.prepare(version);
    profiler.observe(version, [logged(0, T0 + 1000)]);
    profiler.observe(version, [logged(1, T0 + 1000, 'other')]);
    setNow(T0 + 66_000);
    await profiler.flush();
    profiler.observe(version, [logged(2, T0 + 59_000)]);
    await profiler.flush();
    expect(fake.written.map((w) => [w.deployment, w.source, w.rows])).toEqual([
      ['credit', 'proc-a', 1],
      ['other', 'proc-a', 1],
      ['credit', 'proc-a#1', 1],
    ]);
  });

  it('builds a missing reference in the background and uses it from the next window on', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => logged(i, T0 + i));
    let release: (value: ReferenceProfileRecord) => void = () => {};
    const built = new Promise<ReferenceProfileRecord>((resolve) => (release = resolve));
    const { fake, profiler, notes } = setup({ buildReference: () => built });
    await profiler.prepare(version);
    profiler.observe(version, rows.slice(0, 10));
    release(referenceFor(rows));
    await built;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(notes.at(-1)).toMatch(/reference profile built/);
    profiler.observe(
      version,
      rows.slice(10).map((r) => ({ ...r, at: new Date(T0 + 60_000).toISOString() })),
    );
    await profiler.flush({ all: true });
    const [before, after] = fake.written;
    expect(before!.profile.columns.find((c) => c.schema.name === 'age')!.schema.edges).toBeUndefined();
    expect(after!.profile.columns.find((c) => c.schema.name === 'age')!.schema.edges).toEqual([30, 40, 50]);
    expect(after!.reconstruction?.count).toBe(10);
  });

  it('keeps one latency per request and the failures of the version per window, written with the window and kept through a failed write', async () => {
    const { fake, profiler, setNow } = setup();
    await profiler.prepare(version);
    const request = (first: number, rows: number, time: number, latencyMs: number) =>
      Array.from({ length: rows }, (_, i) => ({ ...logged(first + i, time), latencyMs }));
    // Three requests of 10:00 (one of three rows: its latency counts once), one of 10:01.
    profiler.observe(version, request(0, 3, T0 + 1000, 2.5));
    profiler.observe(version, request(3, 1, T0 + 2000, 7.25), T0 + 2000);
    profiler.observe(version, request(4, 1, T0 + 3000, 1.0001));
    profiler.observe(version, request(5, 1, T0 + 61_000, 4));
    profiler.observeFailure('credit', version, T0 + 4000);
    // A window with failures only is kept and written too: a version that always fails has windows.
    profiler.observeFailure('credit', version, T0 + 125_000);
    profiler.observeFailure('credit', version, T0 + 126_000);
    const live = profiler.liveWindows('credit');
    expect(live.map((w) => [w.windowStart, w.rows, w.errors, windowLatency([w])])).toEqual([
      ['2026-11-25T10:00:00.000Z', 5, 1, { p50_ms: 2.5, p95_ms: 7.25, p99_ms: 7.25, errors: 1 }],
      ['2026-11-25T10:01:00.000Z', 1, 0, { p50_ms: 4, p95_ms: 4, p99_ms: 4, errors: 0 }],
      ['2026-11-25T10:02:00.000Z', 0, 2, { p50_ms: null, p95_ms: null, p99_ms: null, errors: 2 }],
    ]);
    expect(live[0]!.latency!.count).toBe(3);
    // A failed write puts 10:00 back; what arrives meanwhile merges with it.
    fake.failures = 1;
    setNow(T0 + 70_000);
    await expect(profiler.flush()).rejects.toThrow('database is locked');
    profiler.observe(version, request(6, 1, T0 + 5000, 9));
    profiler.observeFailure('credit', version, T0 + 6000);
    setNow(T0 + 200_000);
    await profiler.flush();
    const written = [...fake.written].sort((a, b) => a.windowStart.localeCompare(b.windowStart));
    expect(written.map((w) => [w.windowStart, w.rows, windowLatency([w])])).toEqual([
      ['2026-11-25T10:00:00.000Z', 6, { p50_ms: 2.5, p95_ms: 9, p99_ms: 9, errors: 2 }],
      ['2026-11-25T10:01:00.000Z', 1, { p50_ms: 4, p95_ms: 4, p99_ms: 4, errors: 0 }],
      ['2026-11-25T10:02:00.000Z', 0, { p50_ms: null, p95_ms: null, p99_ms: null, errors: 2 }],
    ]);
  });
});
