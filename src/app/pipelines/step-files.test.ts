import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArtifactStore } from '../../store/artifact-store.ts';
import { allStored, hashIfPresent, restoreFiles, storeFiles } from './step-files.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ballast-step-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('step files in the artifact store', () => {
  it('stores outputs by hash and restores them, writable, into a directory; a damaged blob is refused', async () => {
    const artifacts = await ArtifactStore.open(path.join(dir, 'artifacts'));
    const work = path.join(dir, 'work');
    rmSync(work, { recursive: true, force: true });
    mkdirSync(path.join(work, 'out'), { recursive: true });
    writeFileSync(path.join(work, 'out', 'model.json'), '{"trees": 3}');
    const outs = await storeFiles(artifacts, work, ['out/model.json']);
    expect(outs['out/model.json']).toBe(await hashIfPresent(path.join(work, 'out', 'model.json')));
    expect(await allStored(artifacts, outs)).toBe(true);
    expect(await allStored(artifacts, { 'x.txt': '0'.repeat(64) })).toBe(false);

    const elsewhere = path.join(dir, 'elsewhere');
    await restoreFiles(artifacts, elsewhere, outs);
    const restored = path.join(elsewhere, 'out', 'model.json');
    expect(readFileSync(restored, 'utf8')).toBe('{"trees": 3}');
    expect(statSync(restored).mode & 0o200).not.toBe(0);
    expect(await hashIfPresent(path.join(elsewhere, 'nothing'))).toBeNull();

    const blob = artifacts.pathOf(outs['out/model.json']!);
    chmodSync(blob, 0o644);
    writeFileSync(blob, '{"trees": 4}');
    rmSync(restored);
    await expect(restoreFiles(artifacts, elsewhere, outs)).rejects.toMatchObject({ code: 'artifact_corrupt' });
    expect(() => statSync(restored)).toThrow();
  });
});
