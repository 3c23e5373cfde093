import path from 'node:path';
import { monotonicFactory } from 'ulid';
import type { ModelFormat } from '../core/signature.ts';
import type { ModelRuntime } from '../runtime/model-runtime.ts';
import { RUNTIMES } from '../runtime/runtimes.ts';
import { ArtifactStore } from '../store/artifact-store.ts';
import { openStore, type Store } from '../store/store.ts';
import type { OnlineStore } from './features/online-store.ts';
import { redisOnlineStore } from './features/redis-online-store.ts';
import { pooledRandom } from './pooled-random.ts';

/**
 * What every use case needs, passed in rather than reached for, so tests can give a fake clock,
 * predictable ids or another store.
 */
export interface AppContext {
  readonly store: Store;
  readonly artifacts: ArtifactStore;
  readonly runtimes: Readonly<Record<ModelFormat, ModelRuntime>>;
  readonly clock: () => Date;
  /** Sortable unique ids (ULIDs): creation order is id order. */
  readonly newId: () => string;
  /** Who is acting: recorded as creator of what they register and in the audit log. */
  readonly actor: string;
  /** Where local state lives (artifacts, the audit checkpoint file). */
  readonly dataDir: string;
  /** Where materialised features are served from; absent: the store's own database (features/online-store.ts). */
  readonly onlineStore?: OnlineStore;
}

export interface Settings {
  readonly dataDir: string;
  readonly databaseUrl: string;
  /** `redis://HOST:PORT` for a Redis online store; absent: the database's table (`--online-store`, BALLAST_ONLINE_STORE). */
  readonly onlineStoreUrl?: string;
}

/**
 * Flags win over environment variables, which win over the embedded defaults under ./.ballast.
 * An empty environment variable counts as unset, as shells make it easy to export one by accident.
 */
export function resolveSettings(
  flags: { db?: string; dataDir?: string; onlineStore?: string },
  env: NodeJS.ProcessEnv,
  cwd: string,
): Settings {
  const dataDir = path.resolve(cwd, flags.dataDir ?? (env.BALLAST_DATA_DIR || '.ballast'));
  const databaseUrl = flags.db ?? (env.BALLAST_DB || `sqlite:${path.join(dataDir, 'ballast.db')}`);
  // `database` names the default explicitly, so a flag can override an exported BALLAST_ONLINE_STORE.
  const onlineStore = flags.onlineStore ?? (env.BALLAST_ONLINE_STORE || 'database');
  return { dataDir, databaseUrl, ...(onlineStore === 'database' ? {} : { onlineStoreUrl: onlineStore }) };
}

export async function openAppContext(settings: Settings, actor: string): Promise<AppContext & { close(): Promise<void> }> {
  // The Redis URL is checked before anything is opened; Redis itself is reached on first use.
  const onlineStore = settings.onlineStoreUrl === undefined ? undefined : redisOnlineStore(settings.onlineStoreUrl);
  const store = await openStore(settings.databaseUrl);
  const artifacts = await ArtifactStore.open(path.join(settings.dataDir, 'artifacts'));
  return {
    store,
    artifacts,
    runtimes: RUNTIMES,
    clock: () => new Date(),
    newId: monotonicFactory(pooledRandom()),
    actor,
    dataDir: settings.dataDir,
    ...(onlineStore === undefined ? {} : { onlineStore }),
    close: async () => {
      await onlineStore?.close();
      await store.close();
    },
  };
}
