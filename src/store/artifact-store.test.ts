import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BallastError } from '../core/errors.ts';
import { ArtifactStore } from './artifact-store.ts';
import { resolveInside } from './safe-path.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-artifacts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('ArtifactStore', () => {
  it('stores bytes under their sha256 and reads them back', async () => {
    const store = await ArtifactStore.open(path.join(dir, 'store'));
    const stored = await store.putBytes(new TextEncoder().encode('model-bytes'));
    expect(stored).toEqual({ sha256: sha('model-bytes'), sizeBytes: 11 });
    expect((await store.read(stored.sha256)).toString()).toBe('model-bytes');
    expect(store.pathOf(stored.sha256)).toMatch(new RegExp(`sha256/${stored.sha256.slice(0, 2)}/${stored.sha256}$`));
  });

  it('streams a file in, dedupes the same content and leaves no temporary files', async () => {
    const store = await ArtifactStore.open(path.join(dir, 'store'));
    const file = path.join(dir, 'train.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    const progress: number[] = [];
    const first = await store.putFile(file, (done) => progress.push(done));
    const second = await store.putFile(file);
    expect(first).toEqual(second);
    expect(first.sha256).toBe(sha('a,b\n1,2\n'));
    expect(progress.at(-1)).toBe(8);
    expect(readdirSync(path.join(dir, 'store', 'tmp'))).toEqual([]);
  });

  it('reports a blob whose bytes changed on disk and one that is absent', async () => {
    const store = await ArtifactStore.open(path.join(dir, 'store'));
    const stored = await store.putBytes(new TextEncoder().encode('original'));
    const file = store.pathOf(stored.sha256);
    chmodSync(file, 0o644);
    writeFileSync(file, 'tampered');
    await expect(store.read(stored.sha256)).rejects.toMatchObject({ code: 'artifact_corrupt' });
    await expect(store.read(sha('never stored'))).rejects.toMatchObject({ code: 'artifact_not_found' });
  });

  it.each(['../../etc/passwd', '/etc/passwd', 'ABC', 'a'.repeat(63), `${'a'.repeat(64)}\0`, '..%2f..%2fetc'])(
    'refuses the artifact id %j',
    async (id) => {
      const store = await ArtifactStore.open(path.join(dir, 'store'));
      expect(() => store.pathOf(id)).toThrowError(BallastError);
    },
  );
});

describe('resolveInside', () => {
  it('resolves plain relative names inside the root', () => {
    mkdirSync(path.join(dir, 'root', 'sub'), { recursive: true });
    expect(resolveInside(path.join(dir, 'root'), 'sub/file.bin')).toBe(path.join(dir, 'root', 'sub', 'file.bin'));
  });
  it.each([
    ['a parent segment', '../outside'],
    ['a nested parent segment', 'sub/../../outside'],
    ['an absolute path', '/etc/passwd'],
    ['percent-encoding', '..%2F..%2Fetc%2Fpasswd'],
    ['double encoding', '%252e%252e%252f'],
    ['a NUL byte', 'file\0.txt'],
    ['a backslash', '..\\outside'],
    ['an empty segment', 'sub//file'],
    ['a dot segment', './file'],
  ])('refuses %s', (_what, name) => {
    mkdirSync(path.join(dir, 'root'), { recursive: true });
    expect(() => resolveInside(path.join(dir, 'root'), name)).toThrow(/is refused/);
    expect(() => resolveInside(path.join(dir, 'root'), name)).toThrow(expect.objectContaining({ code: 'path_outside_store' }));
  });
  it('refuses a symlink that leads out of the root, even for a file not yet written beneath it', () => {
    mkdirSync(path.join(dir, 'root'), { recursive: true });
    mkdirSync(path.join(dir, 'elsewhere'));
    writeFileSync(path.join(dir, 'elsewhere', 'secret'), 'x');
    symlinkSync(path.join(dir, 'elsewhere'), path.join(dir, 'root', 'link'));
    expect(() => resolveInside(path.join(dir, 'root'), 'link/secret')).toThrow(/outside the store/);
    expect(() => resolveInside(path.join(dir, 'root'), 'link/new-file')).toThrow(/outside the store/);
    expect(() => resolveInside(path.join(dir, 'root'), 'link/secret')).toThrow(expect.objectContaining({ code: 'path_outside_store' }));
  });
});
