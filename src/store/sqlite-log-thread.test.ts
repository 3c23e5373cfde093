import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { PredictionLogRecord } from '../core/serving-records.ts';
import { journalDirectory } from './prediction-journal.ts';
import { LOG_THREAD_NICE } from './sqlite-log-messages.ts';
import {
  FLUSH_AT,
  GATHER_MS,
  POST_AT_RECORDS,
  SqliteLogThread,
  type LogThreadCommit,
  type SqliteLogThreadOptions,
} from './sqlite-log-thread.ts';
import { openStore, type Store } from './store.ts';
import { registerTestVersion } from './testing/test-stores.ts';

const FEATURES = ['age', 'purpose', 'income'];
let counter = 0;
function record(overrides: Partial<PredictionLogRecord> = {}): PredictionLogRecord {
  const id = `01JLOGTHREAD${String(counter++).padStart(14, '0')}`;
  return {
    id,
    at: '2026-01-02T03:04:05.678Z',
    deploymentId: 'dep',
    deploymentName: 'credit',
    versionId: 'ver',
    modelName: 'credit',
    modelVersion: 3,
    requestId: null,
    features: FEATURES,
    inputs: { age: 41, purpose: 'car', income: null },
    output: { label: 1, probabilities: [0.25, 0.75] },
    latencyMs: 0.42,
    role: 'stable',
    ...overrides,
  };
}

const opened: { dir: string; store: Store; log?: SqliteLogThread }[] = [];
async function setup(options: SqliteLogThreadOptions = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ballast-log-thread-'));
  const file = path.join(dir, 'ballast.db');
  const store = await openStore(`sqlite:${file}`);
  const entry: (typeof opened)[number] = { dir, store };
  opened.push(entry);
  entry.log = await SqliteLogThread.start(file, options);
  return { store, log: entry.log, file };
}

/** Counts the thread's posts from now on (the messages that carry groups). */
function countPosts(log: SqliteLogThread): () => number {
  const thread = (log as unknown as { thread: Worker }).thread;
  let posts = 0;
  const post = thread.postMessage.bind(thread);
  thread.postMessage = (message: unknown) => void (posts++, post(message));
  return () => posts;
}

/** The prediction ids written in the journal's segments. */
function journaled(file: string): string[] {
  const directory = journalDirectory(file);
  return readdirSync(directory)
    .filter((name) => name.endsWith('.ndjson'))
    .flatMap((name) =>
      readFileSync(path.join(directory, name), 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .flatMap((line) => (JSON.parse(line) as string[][]).map((row) => row[0]!)),
    );
}

/** Makes every insert into the predictions table fail until the returned function is called. */
function refuseInserts(file: string): () => void {
  const db = new SQLite(file);
  db.exec("create trigger refuse before insert on predictions begin select raise(abort, 'refused by the test'); end");
  return () => {
    db.exec('drop trigger refuse');
    db.close();
  };
}

afterEach(async () => {
  for (const { dir, store, log } of opened.splice(0)) {
    await log?.close(1000);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('SqliteLogThread', () => {
  it('moves records into the table that the store then reads back exactly as they were appended', async () => {
    const { store, log } = await setup();
    const inputs = Object.assign(Object.create(null) as Record<string, unknown>, { age: 30, ['__proto__']: 'x', note: 'naïve "quoted"\n' });
    await registerTestVersion(store, 'ver', FEATURES);
    await registerTestVersion(store, 'ver-proto', ['age', '__proto__', 'note']);
    const records = [
      record({ requestId: 'req-1', versionId: 'ver-proto', features: ['age', '__proto__', 'note'], inputs }),
      record({ violations: [{ column: 'age', code: 'out_of_range', message: 'age 300 is above 120' }] }),
      record({ output: { value: -1.5e-300 }, role: 'green' }),
      record({ role: 'variant' }),
    ];
    await log.append(records);
    await log.caughtUp();
    for (const r of records) expect(await store.predictions.findById(r.id)).toEqual({ ...r, inputs: { ...r.inputs } });
    expect(await store.predictions.count()).toBe(4);
  });

  it('acknowledges an append once it is in the journal, writing a group as soon as FLUSH_AT records wait and the rest at the end of the turn', async () => {
    const commits: LogThreadCommit[] = [];
    const { store, log, file } = await setup({ onCommit: (c) => commits.push(c) });
    const posts = countPosts(log);
    // FLUSH_AT + 14 records in appends of one or two: the first FLUSH_AT are written while the turn goes on, the other 14 wait for its end.
    const sizes = [...Array.from({ length: FLUSH_AT / 2 }, () => 2), ...Array.from({ length: 14 }, () => 1)];
    const batches = sizes.map((size) => Array.from({ length: size }, () => record()));
    const appends = batches.map((records) => log.append(records));
    expect(journaled(file)).toHaveLength(FLUSH_AT);
    expect(log.queued).toBe(FLUSH_AT + 14);
    await Promise.all(appends);
    expect(journaled(file)).toEqual(batches.flat().map((r) => r.id));
    await log.caughtUp();
    // Both groups reached the thread in one message (GATHER_MS), and went into one transaction.
    expect(posts()).toBe(1);
    expect(commits).toHaveLength(1);
    expect(log.queued).toBe(0);
    expect(commits.reduce((n, c) => n + c.records, 0)).toBe(FLUSH_AT + 14);
    expect(commits.reduce((n, c) => n + c.requests, 0)).toBe(FLUSH_AT / 2 + 14);
    expect(await store.predictions.count()).toBe(FLUSH_AT + 14);
  });

  it('hands the journaled groups to the thread GATHER_MS after the first of them, without a reader asking', async () => {
    const commits: LogThreadCommit[] = [];
    const { store, log } = await setup({ onCommit: (c) => commits.push(c) });
    await log.append([record()]);
    await new Promise((resolve) => setImmediate(resolve));
    await log.append([record()]);
    expect(commits).toEqual([]);
    while (commits.length === 0) await new Promise((resolve) => setTimeout(resolve, GATHER_MS));
    expect(commits).toEqual([expect.objectContaining({ records: 2, requests: 2 })]);
    expect(await store.predictions.count()).toBe(2);
  });

  it('hands the groups over at once when POST_AT_RECORDS records wait, not GATHER_MS later, so one commit stays short', async () => {
    const { log } = await setup();
    const posts = countPosts(log);
    // Each append is over FLUSH_AT, so it is journaled within the call; the checks run before any timer can.
    const first = log.append(Array.from({ length: POST_AT_RECORDS - FLUSH_AT }, () => record()));
    expect(posts()).toBe(0);
    const second = log.append(Array.from({ length: FLUSH_AT }, () => record()));
    expect(posts()).toBe(1);
    await Promise.all([first, second]);
    await log.caughtUp();
    expect(log.queued).toBe(0);
  });

  it('answers while the table is locked, and the groups that waited share the next transactions', async () => {
    const commits: LogThreadCommit[] = [];
    const { store, log, file } = await setup({ onCommit: (c) => commits.push(c) });
    // Another connection holds the write lock, so the thread's first commit waits (busy_timeout).
    const locker = new SQLite(file);
    locker.exec('begin immediate');
    const turns = 10;
    for (let turn = 0; turn < turns; turn++) {
      await log.append([record()]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(commits).toEqual([]);
    expect(journaled(file)).toHaveLength(turns);
    let caughtUp = false;
    const reading = log.caughtUp().then(() => (caughtUp = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(caughtUp).toBe(false);
    locker.exec('commit');
    locker.close();
    await reading;
    expect(commits.length).toBeLessThanOrEqual(3);
    expect(commits.reduce((n, c) => n + c.requests, 0)).toBe(turns);
    expect(await store.predictions.count()).toBe(turns);
  });

  it('holds appends beyond the undrained limit until the thread catches up', async () => {
    const { store, log, file } = await setup({ maxUndrainedRecords: 3 });
    const locker = new SQLite(file);
    locker.exec('begin immediate');
    await log.append([record(), record(), record()]);
    let answered = false;
    const held = log.append([record()]).then(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(answered).toBe(false);
    expect(log.queued).toBe(4);
    locker.exec('commit');
    locker.close();
    await held;
    await log.caughtUp();
    expect(await store.predictions.count()).toBe(4);
  });

  it('retries a failed commit, reports it, and refuses appends only once the undrained limit is reached while failing', async () => {
    const errors: string[] = [];
    const { store, log, file } = await setup({ maxUndrainedRecords: 4, onError: (message) => errors.push(message) });
    const allow = refuseInserts(file);
    const first = [record(), record(), record(), record()];
    await log.append(first); // in the journal: acknowledged, whatever the table does
    while (errors.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(errors[0]).toMatch(/refused by the test/);
    expect(await log.problem()).toMatch(/refused by the test/);
    await expect(log.append([record()])).rejects.toMatchObject({ code: 'unavailable' });
    allow();
    await log.caughtUp();
    expect(await log.problem()).toBeUndefined();
    expect(await store.predictions.count()).toBe(4);
    for (const r of first) expect(await store.predictions.findById(r.id)).toBeDefined();
    const later = record();
    await log.append([later]);
    await log.caughtUp();
    expect(await store.predictions.findById(later.id)).toBeDefined();
  });

  it('close() moves what was appended into the table, deletes the journal, then refuses new records', async () => {
    const { store, log, file } = await setup();
    const pending = [log.append([record()]), log.append([record()])];
    await log.close();
    await Promise.all(pending);
    expect(await store.predictions.count()).toBe(2);
    expect(readdirSync(journalDirectory(file))).toEqual([]);
    await expect(log.append([record()])).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('close() gives up on a table it cannot write and leaves the journal for the next opening of the store', async () => {
    const { store, log, file } = await setup();
    const allow = refuseInserts(file);
    const kept = [record(), record()];
    await log.append(kept);
    await log.close(200);
    expect(journaled(file)).toEqual(kept.map((r) => r.id));
    allow();
    const reopened = await openStore(`sqlite:${file}`);
    try {
      expect(reopened.journalRecovery?.replayed).toEqual([expect.objectContaining({ groups: 1, inserted: 2 })]);
      expect(await store.predictions.count()).toBe(2);
      expect(readdirSync(journalDirectory(file))).toEqual([]);
    } finally {
      await reopened.close();
    }
  });

  it('gives the groups a stopped thread held to a new thread', async () => {
    const errors: string[] = [];
    const { store, log, file } = await setup({ onError: (message) => errors.push(message) });
    const locker = new SQLite(file);
    locker.exec('begin immediate');
    const held = [record(), record()];
    await log.append(held);
    const thread = (log as unknown as { thread: Worker }).thread;
    const exited = new Promise((resolve) => thread.once('exit', resolve));
    await thread.terminate();
    await exited;
    locker.exec('commit');
    locker.close();
    const later = record();
    await log.append([later]);
    await log.caughtUp();
    for (const r of [...held, later]) expect(await store.predictions.findById(r.id)).toBeDefined();
    expect(await store.predictions.count()).toBe(3);
    expect(errors[0]).toMatch(/thread stopped/);
  });

  it.skipIf(!existsSync('/proc/thread-self'))('runs its thread below the priority of the event loop', async () => {
    const niceOf = (tid: string) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]); // field 19
    };
    const before = new Set(readdirSync('/proc/self/task'));
    await setup();
    const started = readdirSync('/proc/self/task').filter((tid) => !before.has(tid));
    expect(started.map(niceOf)).toContain(LOG_THREAD_NICE);
    expect(niceOf(String(process.pid))).toBe(0);
  });

  it('refuses to start on a file it cannot open', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ballast-log-thread-'));
    try {
      await expect(SqliteLogThread.start(path.join(dir, 'missing', 'ballast.db'))).rejects.toMatchObject({ code: 'store_unavailable' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
