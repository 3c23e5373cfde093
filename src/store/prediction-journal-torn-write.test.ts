import type * as NodeFs from 'node:fs';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { journalDirectory, PredictionJournal } from './prediction-journal.ts';

/** When set, the next write of a string puts only half of it on disk and the one after fails, as a filling disk does. */
const fault = { armed: false };

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof NodeFs>();
  let failNext = false;
  const writeSync = ((fd: number, data: string | NodeJS.ArrayBufferView, ...rest: unknown[]) => {
    if (failNext) {
      failNext = false;
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    if (fault.armed && typeof data === 'string') {
      fault.armed = false;
      failNext = true;
      return real.writeSync(fd, Buffer.from(data, 'utf8').subarray(0, data.length >> 1));
    }
    return (real.writeSync as (...args: unknown[]) => number)(fd, data, ...rest);
  }) as typeof real.writeSync;
  return { ...real, default: { ...real, writeSync }, writeSync };
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('PredictionJournal after a write that failed part-way', () => {
  it('keeps the cut line last in its segment and writes the next group to a new one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ballast-journal-torn-'));
    dirs.push(dir);
    const file = path.join(dir, 'ballast.db');
    mkdirSync(journalDirectory(file), { recursive: true });
    const journal = PredictionJournal.open(file);
    const first = journal.write('[["before"]]');
    fault.armed = true;
    expect(() => journal.write('[["cut short by a full disk"]]')).toThrow(/ENOSPC/);
    journal.write('[["after"]]');
    const segments = journal.files.map((segment) => readFileSync(segment, 'utf8'));
    expect(segments).toEqual(['[["before"]]\n[["cut short by', '[["after"]]\n']);
    // The first segment is deleted once its one acknowledged group is drained, the cut line with it.
    journal.drained(first);
    expect(readdirSync(journalDirectory(file)).filter((name) => name.endsWith('.ndjson'))).toHaveLength(1);
    journal.close();
  });
});
