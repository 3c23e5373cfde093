import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RUNTIMES } from '../../runtime/runtimes.ts';
import { ArtifactStore } from '../../store/artifact-store.ts';
import type { StoreFactory } from '../../store/testing/test-stores.ts';
import type { AppContext } from '../context.ts';

/** An app context on a fresh store of the factory's dialect, with a fake clock and counting ids. */
export async function testContext(factory: StoreFactory): Promise<AppContext & { dir: string; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ballast-app-'));
  const store = await factory.create();
  let tick = 0;
  let id = 0;
  return {
    dir,
    store,
    artifacts: await ArtifactStore.open(path.join(dir, 'artifacts')),
    runtimes: RUNTIMES,
    clock: () => new Date(Date.UTC(2026, 10, 25, 12, 0, tick++)),
    newId: () => `01TEST${String(++id).padStart(20, '0')}`,
    actor: 'tester',
    dataDir: dir,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const EXAMPLES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../examples/credit');
