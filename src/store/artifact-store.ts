import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { BallastError } from '../core/errors.ts';
import { resolveInside } from './safe-path.ts';

export interface StoredArtifact {
  readonly sha256: string;
  readonly sizeBytes: number;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Immutable, content-addressed files: `<root>/sha256/ab/abcdef…`. A blob is written to a temporary
 * file in the same file system, flushed, then renamed into place, so a reader (or a crash) never
 * sees half a file. Blobs are addressed by hash only; anything that is not 64 hex digits is refused.
 */
export class ArtifactStore {
  private constructor(readonly root: string) {}

  static async open(root: string): Promise<ArtifactStore> {
    await mkdir(path.join(root, 'sha256'), { recursive: true });
    await mkdir(path.join(root, 'tmp'), { recursive: true });
    return new ArtifactStore(root);
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256))
      throw new BallastError('path_outside_store', `artifact id ${JSON.stringify(sha256)} is not a sha256 hex digest`);
    return resolveInside(this.root, `sha256/${sha256.slice(0, 2)}/${sha256}`);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch (error) {
      if (error instanceof BallastError) throw error;
      return false;
    }
  }

  async putBytes(bytes: Uint8Array): Promise<StoredArtifact> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (await this.has(sha256)) return { sha256, sizeBytes: bytes.byteLength };
    const temp = this.tempPath();
    const handle = await open(temp, 'wx', 0o444);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await this.moveIntoPlace(temp, sha256);
    return { sha256, sizeBytes: bytes.byteLength };
  }

  /** Streams a file in while hashing it, so large training sets are never held in memory. */
  async putFile(source: string, onProgress?: (bytesDone: number) => void): Promise<StoredArtifact> {
    const temp = this.tempPath();
    const hash = createHash('sha256');
    const handle = await open(temp, 'wx', 0o444);
    let sizeBytes = 0;
    try {
      for await (const chunk of createReadStream(source)) {
        const buffer = chunk as Buffer;
        hash.update(buffer);
        await handle.write(buffer);
        sizeBytes += buffer.byteLength;
        onProgress?.(sizeBytes);
      }
      await handle.sync();
    } catch (error) {
      await handle.close();
      await rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    const sha256 = hash.digest('hex');
    if (await this.has(sha256)) await rm(temp, { force: true });
    else await this.moveIntoPlace(temp, sha256);
    return { sha256, sizeBytes };
  }

  /**
   * Reads a blob and checks it still has its hash: a changed file is reported, never served. The
   * file is hashed as it streams in, 1 MiB at a time, so a large model never holds the event loop
   * for the whole of its hash (a server loads deployments while it answers requests).
   */
  async read(sha256: string): Promise<Buffer> {
    const file = this.pathOf(sha256);
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
        hash.update(chunk as Buffer);
        chunks.push(chunk as Buffer);
      }
    } catch {
      throw new BallastError('artifact_not_found', `artifact ${sha256} is not in the store at ${this.root}`);
    }
    const bytes = Buffer.concat(chunks);
    const actual = hash.digest('hex');
    if (actual !== sha256)
      throw new BallastError('artifact_corrupt', `artifact ${sha256} on disk now hashes to ${actual}; restore it from a backup`);
    return bytes;
  }

  private tempPath(): string {
    return path.join(this.root, 'tmp', `${process.pid}-${randomBytes(8).toString('hex')}.part`);
  }

  private async moveIntoPlace(temp: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(temp, target);
    // Flush the directory entry too, so the rename itself survives a power cut.
    const dir = await open(path.dirname(target), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
