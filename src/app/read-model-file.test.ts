import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BallastError } from '../core/errors.ts';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { readModelFile } from './read-model-file.ts';
import { registerModel } from './register-model.ts';
import { EXAMPLES, testContext } from './testing/test-context.ts';

const directory = mkdtempSync(path.join(tmpdir(), 'ballast-read-model-'));
const factory = sqliteFactory();
afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  await factory.cleanup();
});

async function failure(promise: Promise<unknown>): Promise<BallastError> {
  const error = await promise.then(
    () => new Error('expected a refusal'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BallastError);
  return error as BallastError;
}

describe('readModelFile', () => {
  it('reads a regular file whole, up to and including the limit', async () => {
    const file = path.join(EXAMPLES, 'model.lgb.txt');
    const size = readFileSync(file).byteLength;
    expect((await readModelFile(file, size)).equals(readFileSync(file))).toBe(true);
  });

  it('refuses a file above the limit with file_too_large, naming the way to raise it', async () => {
    const file = path.join(directory, 'big.onnx');
    writeFileSync(file, Buffer.alloc(101));
    const error = await failure(readModelFile(file, 100));
    expect(error.code).toBe('file_too_large');
    expect(error.message).toContain('--max-artifact-bytes');
  });

  it('refuses /dev/zero, a pipe and a directory without reading (or blocking on) them', async () => {
    const fifo = path.join(directory, 'pipe.onnx');
    execFileSync('mkfifo', [fifo]);
    for (const file of ['/dev/zero', fifo, directory]) {
      const error = await failure(readModelFile(file));
      expect(error.code, file).toBe('file_not_found');
      expect(error.message, file).toMatch(/not a regular file|a directory/);
    }
  });
});

describe('registerModel with a file it must not read', () => {
  it('refuses /dev/zero and a file above --max-artifact-bytes, writing nothing', async () => {
    const ctx = await testContext(factory);
    try {
      expect((await failure(registerModel(ctx, { name: 'zero', modelFile: '/dev/zero' }))).code).toBe('file_not_found');
      const large = await failure(
        registerModel(ctx, { name: 'large', modelFile: path.join(EXAMPLES, 'model.xgb.json'), maxArtifactBytes: 1000 }),
      );
      expect(large.code).toBe('file_too_large');
      expect(await ctx.store.models.list()).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
