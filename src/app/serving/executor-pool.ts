import type { RowChecker } from '../../core/contracts/row-checker.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { DeploymentRecord } from '../../core/serving-records.ts';
import type { InstanceReader } from '../../runtime/read-instances.ts';
import type { Executor } from './serving-types.ts';

/** A version loaded for a deployment, with what serving it needs compiled once. */
export interface LoadedVersion {
  readonly version: ModelVersionRecord;
  readonly executor: Executor;
  readonly readInstances: InstanceReader;
  /** The version's input names in signature order, shared by every record logged for it. */
  readonly features: readonly string[];
  /** The version's contract, compiled once; absent when the version has no contract. */
  readonly checkRow: RowChecker | undefined;
}

/** A holder's claim on a pooled version; the version closes when its last lease is released. */
export interface Lease {
  readonly loaded: LoadedVersion;
  /** Idempotent. */
  release(): void;
}

interface Entry {
  readonly loading: Promise<LoadedVersion>;
  users: number;
}

/**
 * The executors of a server, one per deployment, version and load-relevant config (batch size and
 * delay shape the batcher), shared by every revision that routes to it. A revision that changes
 * only routing (a canary step from 10% to 25%, a review policy) takes leases on what is loaded and
 * loads nothing; a version closes once no revision, prepared version or kept version holds it.
 */
export class ExecutorPool {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly loadVersion: (deployment: DeploymentRecord, versionId: string) => Promise<LoadedVersion>) {}

  /** How many versions are loaded or loading (for tests and health). */
  get size(): number {
    return this.entries.size;
  }

  async acquire(deployment: DeploymentRecord, versionId: string): Promise<Lease> {
    const key = poolKey(deployment, versionId);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      const loading = this.loadVersion(deployment, versionId);
      const created: Entry = { loading, users: 0 };
      entry = created;
      this.entries.set(key, created);
      // A failed load leaves nothing behind, so the next revision naming it tries again.
      loading.catch(() => {
        if (this.entries.get(key) === created) this.entries.delete(key);
      });
    }
    const held = entry;
    held.users++;
    let loaded: LoadedVersion;
    try {
      loaded = await held.loading;
    } catch (error) {
      held.users--;
      throw error;
    }
    let released = false;
    return {
      loaded,
      release: () => {
        if (released) return;
        released = true;
        if (--held.users > 0) return;
        // Not in the pool any more: the pool was closed, and closed it already.
        if (this.entries.get(key) !== held) return;
        this.entries.delete(key);
        // The executor finishes what it has in flight before it closes (the batcher drains).
        void loaded.executor.close().catch(() => undefined);
      },
    };
  }

  /** Closes every loaded version, leases or not (the server stops). */
  async close(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(
      entries.map((entry) =>
        entry.loading.then(
          (loaded) => loaded.executor.close(),
          () => undefined,
        ),
      ),
    );
  }
}

/** Versions differ by id; the same version loads again only for a config that changes how it is batched. */
function poolKey(deployment: DeploymentRecord, versionId: string): string {
  return [deployment.name, versionId, deployment.config.maxBatchSize, deployment.config.maxDelayMs].join('\u0000');
}
