import { spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { PredictionLogRecord } from '../core/serving-records.ts';
import { holdNewLock, lockFileOf } from './journal-writer-lock.ts';
import { journalDirectory, PredictionJournal, segmentName } from './prediction-journal.ts';
import { recoverPredictionJournals } from './prediction-journal-recovery.ts';
import { journalWriterProcess } from './testing/journal-writer-process.ts';
import { encodeLogRecords } from './sqlite-log-wire.ts';
import { openStore } from './store.ts';

let counter = 0;
function record(): PredictionLogRecord {
  const id = `01JRECOVERY${String(counter++).padStart(15, '0')}`;
  return {
    id,
    at: '2026-01-02T03:04:05.678Z',
    deploymentId: 'dep',
    deploymentName: 'credit',
    versionId: 'ver',
    modelName: 'credit',
    modelVersion: 1,
    requestId: `r-${id}`,
    features: ['age'],
    inputs: { age: 41 },
    output: { label: 1 },
    latencyMs: 0.3,
  };
}

/** A process id no process has any more: one that just exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

const dirs: string[] = [];
async function migratedStore(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ballast-recovery-'));
  dirs.push(dir);
  const file = path.join(dir, 'ballast.db');
  await (await openStore(`sqlite:${file}`)).close();
  mkdirSync(journalDirectory(file), { recursive: true });
  return file;
}

function writeSegment(file: string, owner: { host: string; pid: number }, text: string): string {
  const segment = path.join(journalDirectory(file), segmentName(owner));
  writeFileSync(segment, text);
  return segment;
}

function loggedIds(file: string): string[] {
  const db = new SQLite(file, { readonly: true });
  try {
    return (db.prepare('select id from predictions order by id').all() as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function writerProcess(file: string, r: PredictionLogRecord): Promise<{ child: ChildProcess; segment: string }> {
  const writer = await journalWriterProcess(file, [r]);
  children.push(writer.child);
  return writer;
}

/** Renames a segment and its lock as if process `pid` had written them. */
function claimedBy(segment: string, pid: number): string {
  const renamed = path.join(path.dirname(segment), path.basename(segment).replace(/-\d+-([0-9A-Z]{26})\.ndjson$/, `-${pid}-$1.ndjson`));
  renameSync(segment, renamed);
  if (existsSync(lockFileOf(segment))) renameSync(lockFileOf(segment), lockFileOf(renamed));
  return renamed;
}

describe('recoverPredictionJournals', () => {
  it("replays a dead server's groups into the table and deletes the segment", async () => {
    const file = await migratedStore();
    const groups = [[record(), record()], [record()]];
    const segment = writeSegment(file, { host: hostname(), pid: deadPid() }, groups.map((g) => `${encodeLogRecords(g)}\n`).join(''));
    const recovery = recoverPredictionJournals(file);
    expect(recovery).toEqual({ replayed: [{ file: segment, groups: 2, inserted: 3 }], leftAlone: [] });
    expect(loggedIds(file)).toEqual(groups.flat().map((r) => r.id));
    expect(existsSync(segment)).toBe(false);
  });

  it('drops a last line the crash cut short and skips rows the table already has', async () => {
    const file = await migratedStore();
    const [committed, fresh, torn] = [record(), record(), record()];
    const db = new SQLite(file);
    db.prepare(
      'insert into predictions (id, at, deployment_id, deployment_name, version_id, model_name, model_version, inputs, output, latency_ms) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(committed.id, committed.at, 'dep', 'credit', 'ver', 'credit', 1, '{}', '{}', 0.1);
    db.close();
    const tornLine = encodeLogRecords([torn]);
    writeSegment(
      file,
      { host: hostname(), pid: deadPid() },
      `${encodeLogRecords([committed, fresh])}\n${tornLine.slice(0, tornLine.length - 5)}`,
    );
    const recovery = recoverPredictionJournals(file);
    expect(recovery.replayed).toEqual([expect.objectContaining({ groups: 1, inserted: 1 })]);
    expect(loggedIds(file)).toEqual([committed.id, fresh.id]);
  });

  it('refuses a damaged line in the middle, naming the file and line, and keeps the segment', async () => {
    const file = await migratedStore();
    const segment = writeSegment(
      file,
      { host: hostname(), pid: deadPid() },
      `${encodeLogRecords([record()])}\n[["damaged"\n${encodeLogRecords([record()])}\n`,
    );
    expect(() => recoverPredictionJournals(file)).toThrow(`prediction journal ${segment}, line 2`);
    expect(existsSync(segment)).toBe(true);
    expect(loggedIds(file)).toEqual([]); // all of a segment or none of it
  });

  it("leaves alone a live writer's segments (its lock is held) and another host's", async () => {
    const file = await migratedStore();
    const other = await writerProcess(file, record());
    const foreign = writeSegment(file, { host: `${hostname()}-elsewhere`, pid: deadPid() }, `${encodeLogRecords([record()])}\n`);
    const journal = PredictionJournal.open(file);
    journal.write(encodeLogRecords([record()]));
    try {
      const recovery = recoverPredictionJournals(file);
      expect(recovery.replayed).toEqual([]);
      expect([...recovery.leftAlone].sort()).toEqual([other.segment, foreign, ...journal.files].sort());
      expect(loggedIds(file)).toEqual([]);
      expect(existsSync(lockFileOf(other.segment))).toBe(true);
    } finally {
      journal.close();
    }
  });

  it('replays the segment of a killed writer whose process id another process has taken since', async () => {
    const file = await migratedStore();
    const r = record();
    const writer = await writerProcess(file, r);
    writer.child.kill('SIGKILL');
    await once(writer.child, 'exit');
    // The id in the name now belongs to a live process (this test's parent), as a reused id or a
    // zombie would: only the lock, released by the kernel with the writer, tells it is gone.
    const segment = claimedBy(writer.segment, process.ppid);
    expect(existsSync(lockFileOf(segment))).toBe(true);
    expect(recoverPredictionJournals(file)).toEqual({ replayed: [{ file: segment, groups: 1, inserted: 1 }], leftAlone: [] });
    expect(loggedIds(file)).toEqual([r.id]);
    expect(readdirSync(journalDirectory(file))).toEqual([]);
  });

  it('replays a segment whose lock file exists but is held by no one, whatever process id it names', async () => {
    const file = await migratedStore();
    const r = record();
    const segment = writeSegment(file, { host: hostname(), pid: process.ppid }, `${encodeLogRecords([r])}\n`);
    holdNewLock(lockFileOf(segment)).release();
    expect(recoverPredictionJournals(file).replayed).toEqual([{ file: segment, groups: 1, inserted: 1 }]);
    expect(loggedIds(file)).toEqual([r.id]);
    expect(existsSync(lockFileOf(segment))).toBe(false);
  });

  it('deletes a lock left without its segment once it is old, never a young one (a writer between making them)', async () => {
    const file = await migratedStore();
    const directory = journalDirectory(file);
    const young = lockFileOf(path.join(directory, segmentName({ host: hostname(), pid: deadPid() })));
    const old = lockFileOf(path.join(directory, segmentName({ host: hostname(), pid: deadPid() })));
    holdNewLock(young).release();
    holdNewLock(old).release();
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(old, hourAgo, hourAgo);
    recoverPredictionJournals(file);
    expect(readdirSync(directory)).toEqual([path.basename(young)]);
  });

  it('replays a segment of an earlier process that had this process id (a restarted container)', async () => {
    const file = await migratedStore();
    const r = record();
    writeSegment(file, { host: hostname(), pid: process.pid }, `${encodeLogRecords([r])}\n`);
    expect(recoverPredictionJournals(file).replayed).toHaveLength(1);
    expect(loggedIds(file)).toEqual([r.id]);
  });

  it('runs when the store is opened, which reports what it replayed', async () => {
    const file = await migratedStore();
    const r = record();
    writeSegment(file, { host: hostname(), pid: deadPid() }, `${encodeLogRecords([r])}\n`);
    const store = await openStore(`sqlite:${file}`);
    try {
      expect(store.journalRecovery?.replayed).toEqual([expect.objectContaining({ inserted: 1 })]);
      expect(await store.predictions.findById(r.id)).toMatchObject({ id: r.id, requestId: r.requestId });
    } finally {
      await store.close();
    }
  });

  it("replays a killed writer's groups with each prediction's answering role", async () => {
    const file = await migratedStore();
    const canary = { ...record(), role: 'canary' as const };
    const green = { ...record(), role: 'green' as const };
    writeSegment(file, { host: hostname(), pid: deadPid() }, `${encodeLogRecords([canary, green])}\n`);
    expect(recoverPredictionJournals(file).replayed).toEqual([expect.objectContaining({ inserted: 2 })]);
    const db = new SQLite(file, { readonly: true });
    try {
      expect(db.prepare('select id, role from predictions order by id').all()).toEqual([
        { id: canary.id, role: 'canary' },
        { id: green.id, role: 'green' },
      ]);
    } finally {
      db.close();
    }
  });
});
