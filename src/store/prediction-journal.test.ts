import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockFileOf } from './journal-writer-lock.ts';
import { journalDirectory, liveSegments, parseSegmentName, PredictionJournal, segmentName } from './prediction-journal.ts';

const dirs: string[] = [];
function databaseFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ballast-journal-'));
  dirs.push(dir);
  return path.join(dir, 'ballast.db');
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The segments' contents (their lock files left out). */
const contents = (file: string) =>
  readdirSync(journalDirectory(file))
    .filter((name) => name.endsWith('.ndjson'))
    .map((name) => readFileSync(path.join(journalDirectory(file), name), 'utf8'));

describe('PredictionJournal', () => {
  it('names a segment after its host and process, whatever the host name holds', () => {
    for (const host of ['build-7', 'a-1-2', 'ünï code', '-', 'x.y_z~']) {
      expect(parseSegmentName(segmentName({ host, pid: 4242 }))).toEqual({ host, pid: 4242 });
    }
    expect(parseSegmentName('notes.txt')).toBeUndefined();
    expect(parseSegmentName('host-12-short.ndjson')).toBeUndefined();
  });

  it('holds a lock beside each segment while it writes it, which another process finds taken', () => {
    const file = databaseFile();
    const journal = PredictionJournal.open(file);
    const [segment] = journal.files;
    expect(readdirSync(journalDirectory(file)).sort()).toEqual([path.basename(lockFileOf(segment!)), path.basename(segment!)]);
    const probe = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { tryLock } = await import(${JSON.stringify(new URL('./journal-writer-lock.ts', import.meta.url).href)}); process.stdout.write(String(tryLock(${JSON.stringify(lockFileOf(segment!))})));`,
      ],
      { encoding: 'utf8' },
    );
    expect(probe.stdout).toBe('held');
    journal.close();
  });

  it('writes each group as one whole line before returning', () => {
    const file = databaseFile();
    const journal = PredictionJournal.open(file);
    const entries = [journal.write('[["a"]]'), journal.write('[["b"],["ç"]]')];
    expect(contents(file)).toEqual(['[["a"]]\n[["b"],["ç"]]\n']);
    // Each entry says where its line's bytes are, as the log thread reads them.
    const bytes = readFileSync(entries[0]!.file);
    expect(entries.map((e) => bytes.subarray(e.offset, e.offset + e.length).toString('utf8'))).toEqual(['[["a"]]', '[["b"],["ç"]]']);
    journal.close();
  });

  it('starts a new segment once one is full and deletes a full one when its last group is drained', () => {
    const file = databaseFile();
    const journal = PredictionJournal.open(file, { segmentBytes: 10 });
    const first = journal.write('[["aaaaaaaaaa"]]'); // fills the first segment
    const second = journal.write('[["b"]]');
    expect(journal.files).toHaveLength(2);
    journal.drained(second); // the current segment stays, even when drained
    expect(journal.files).toHaveLength(2);
    journal.drained(first);
    expect(journal.files).toHaveLength(1);
    expect(contents(file)).toEqual(['[["b"]]\n']);
    journal.close();
    expect(readdirSync(journalDirectory(file))).toEqual([]);
  });

  it('keeps the segments holding undrained groups when closed, and no longer counts them as live', () => {
    const file = databaseFile();
    const journal = PredictionJournal.open(file);
    journal.write('[["kept"]]');
    const [segment] = journal.files;
    expect(liveSegments.has(segment!)).toBe(true);
    journal.close();
    expect(contents(file)).toEqual(['[["kept"]]\n']);
    expect(liveSegments.has(segment!)).toBe(false);
    // Nor does its lock say so any more: recovery replays it (prediction-journal-recovery.ts).
    expect(existsSync(lockFileOf(segment!))).toBe(false);
  });
});
