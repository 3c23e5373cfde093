import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { PredictionLogRecord } from '../core/serving-records.ts';
import { FLUSH_AT, MAX_GROUPS_IN_FLIGHT, SqliteLogThread, type LogThreadCommit } from './sqlite-log-thread.ts';
import { openStore, type Store } from './store.ts';

let counter = 0;
function record(overrides: Partial<PredictionLogRecord> = {}): PredictionLogRecord {
  const id = `01JLOGTHREAD${String(counter++).padStart(14, '0')}`;
  return { id, at: '2026-01-02T03:04:05.678Z', deploymentId: 'dep', deploymentName: 'credit', versionId: 'ver', modelName: 'credit', modelVersion: 3, requestId: null, inputs: { age: 41, purpose: 'car', income: null }, output: { label: 1, probabilities: [0.25, 0.75] }, latencyMs: 0.42, ...overrides };
}

const opened: { dir: string; store: Store; log?: SqliteLogThread }[] = [];
async function setup(onCommit?: (commit: LogThreadCommit) => void) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ballast-log-thread-'));
  const file = path.join(dir, 'ballast.db');
  const store = await openStore(`sqlite:${file}`);
  const entry: (typeof opened)[number] = { dir, store };
  opened.push(entry);
  entry.log = await SqliteLogThread.start(file, onCommit);
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

afterEach(async () => {
  for (const { dir, store, log } of opened.splice(0)) {
    await log?.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('SqliteLogThread', () => {
  it('commits records that the store then reads back exactly as they were appended', async () => {
    const { store, log } = await setup();
    const inputs = Object.assign(Object.create(null) as Record<string, unknown>, { age: 30, ['__proto__']: 'x', note: 'naïve "quoted"\n' });
    const records = [record({ requestId: 'req-1', inputs }), record({ violations: [{ column: 'age', code: 'out_of_range', message: 'age 300 is above 120' }] }), record({ output: { value: -1.5e-300 } })];
    await log.append(records);
    for (const r of records) expect(await store.predictions.findById(r.id)).toEqual({ ...r, inputs: { ...r.inputs } });
    expect(await store.predictions.count()).toBe(3);
  });

  it('resolves an append only once it is committed, posting a group as soon as FLUSH_AT records wait and the rest at the end of the turn', async () => {
    const commits: LogThreadCommit[] = [];
    const { store, log } = await setup((c) => commits.push(c));
    const posts = countPosts(log);
    const appends = Array.from({ length: 20 }, (_, i) => log.append(i % 2 === 0 ? [record()] : [record(), record()]));
    // 30 records: the first FLUSH_AT (16) left while the turn went on, the other 14 wait for its end.
    expect(FLUSH_AT).toBe(16);
    expect(posts()).toBe(1);
    expect(log.queued).toBe(30);
    await Promise.all(appends);
    expect(posts()).toBe(2);
    expect(log.queued).toBe(0);
    expect(commits.reduce((n, c) => n + c.records, 0)).toBe(30);
    expect(commits.reduce((n, c) => n + c.requests, 0)).toBe(20);
    expect(await store.predictions.count()).toBe(30);
  });

  it('lets groups posted while the thread is busy share its next transaction, and holds the ones beyond MAX_GROUPS_IN_FLIGHT', async () => {
    const commits: LogThreadCommit[] = [];
    const { store, log, file } = await setup((c) => commits.push(c));
    const posts = countPosts(log);
    // Another connection holds the write lock, so the thread's first commit waits (busy_timeout).
    const locker = new SQLite(file);
    locker.exec('begin immediate');
    const first = log.append([record()]);
    const later: Promise<void>[] = [];
    const turns = MAX_GROUPS_IN_FLIGHT + 2;
    for (let turn = 0; turn < turns; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
      later.push(log.append([record()]), log.append([record()]));
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(posts()).toBe(MAX_GROUPS_IN_FLIGHT);
    expect(commits).toEqual([]);
    locker.exec('commit');
    locker.close();
    await Promise.all([first, ...later]);
    // The turns that found every slot taken left as one more group once the first commit came back.
    expect(posts()).toBe(MAX_GROUPS_IN_FLIGHT + 1);
    // The groups that waited in the thread's port while it was blocked were committed together, not one transaction each.
    expect(commits.length).toBeLessThanOrEqual(3);
    expect(commits.reduce((n, c) => n + c.requests, 0)).toBe(1 + 2 * turns);
    expect(await store.predictions.count()).toBe(1 + 2 * turns);
  });

  it('rejects every append of a failed commit with `unavailable` and keeps working afterwards', async () => {
    const { store, log } = await setup();
    const first = record();
    await log.append([first]);
    const duplicate = log.append([record(), { ...first }]);
    await expect(duplicate).rejects.toMatchObject({ code: 'unavailable' });
    const later = record();
    await log.append([later]);
    expect(await store.predictions.findById(later.id)).toBeDefined();
    expect(await store.predictions.count()).toBe(2); // the failed transaction left nothing behind
  });

  it('close() commits what was appended, then refuses new records', async () => {
    const { store, log } = await setup();
    const pending = [log.append([record()]), log.append([record()])];
    await log.close();
    await Promise.all(pending);
    expect(await store.predictions.count()).toBe(2);
    await expect(log.append([record()])).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('fails the appends a stopped thread held and serves later ones from a new thread', async () => {
    const { store, log } = await setup();
    const thread = (log as unknown as { thread: Worker }).thread;
    const exited = new Promise((resolve) => thread.once('exit', resolve));
    await thread.terminate();
    await exited;
    const later = record();
    await log.append([later]);
    expect(await store.predictions.findById(later.id)).toBeDefined();
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
