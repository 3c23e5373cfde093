import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { changedFiles, scanDirectory } from './directory-scan.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scanDirectory and changedFiles', () => {
  it('finds files created, rewritten (even with the same bytes), replaced and deleted, and skips tools’ directories', async () => {
    for (const sub of ['data', '.git', 'node_modules', 'pkg/__pycache__', 'state']) mkdirSync(path.join(dir, sub), { recursive: true });
    writeFileSync(path.join(dir, 'keep.txt'), 'same');
    writeFileSync(path.join(dir, 'rewrite.txt'), 'same');
    writeFileSync(path.join(dir, 'replace.txt'), 'old');
    writeFileSync(path.join(dir, 'gone.txt'), 'x');
    const before = await scanDirectory(dir, [path.join(dir, 'state')]);
    expect([...before.keys()].sort()).toEqual(['gone.txt', 'keep.txt', 'replace.txt', 'rewrite.txt']);

    await new Promise((resolve) => setTimeout(resolve, 20)); // past the file system's timestamp granularity
    writeFileSync(path.join(dir, 'rewrite.txt'), 'same');
    writeFileSync(path.join(dir, 'replace.tmp'), 'new');
    renameSync(path.join(dir, 'replace.tmp'), path.join(dir, 'replace.txt'));
    rmSync(path.join(dir, 'gone.txt'));
    writeFileSync(path.join(dir, 'data', 'new.csv'), 'a');
    for (const ignored of ['.git/index', 'node_modules/x.js', 'pkg/__pycache__/m.pyc', 'state/ballast.db'])
      writeFileSync(path.join(dir, ignored), 'x');
    const after = await scanDirectory(dir, [path.join(dir, 'state')]);

    expect(changedFiles(before, after)).toEqual([
      { path: 'data/new.csv', change: 'created' },
      { path: 'gone.txt', change: 'deleted' },
      { path: 'replace.txt', change: 'modified' },
      { path: 'rewrite.txt', change: 'modified' },
    ]);
    expect(changedFiles(after, after)).toEqual([]);
  });
});
