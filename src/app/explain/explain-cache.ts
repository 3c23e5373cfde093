import type { ExplainMethod } from '../../core/explain/explanation.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { FeatureBatch, LoadedModel } from '../../runtime/model-runtime.ts';
import { compileInstanceReader, type InstanceReader } from '../../runtime/read-instances.ts';
import type { AppContext } from '../context.ts';
import { loadRegisteredModel } from '../load-model.ts';
import { DEFAULT_BACKGROUND_ROWS } from './background-sample.ts';
import { chooseExplainer, type ChosenExplainer } from './choose-explainer.ts';
import { trainingBackground } from './explain-background.ts';
import type { ExplainSubject } from './explain-rows.ts';
import { versionWording, type ExplainWording } from './explain-wording.ts';

/** What explaining a version needs, loaded once: its model, background sample, wording and request reader. */
export interface LoadedForExplaining {
  readonly model: LoadedModel;
  /** A sample of its training snapshot; undefined when it has none (TreeSHAP needs none). */
  readonly background: FeatureBatch | undefined;
  readonly wording: ExplainWording;
  readonly readInstances: InstanceReader;
}

export type LoadForExplaining = (version: ModelVersionRecord) => Promise<LoadedForExplaining>;

/** Versions kept loaded for explanations when the server is not told otherwise. */
const DEFAULT_CACHED_VERSIONS = 8;

interface Entry {
  readonly ready: Promise<LoadedForExplaining>;
  /** Chosen explainers by method ('' for the default). */
  readonly explainers: Map<string, ChosenExplainer>;
  users: number;
  evicted: boolean;
}

/**
 * The server's loaded models and explainers, per version, least recently used first out. Explaining
 * is kept off the serving path's workers (its model calls are many and long), so it loads its own
 * copy of a version once, with the background sample its explainers compare against. A version
 * pushed out is closed once no request uses it any more.
 */
export class ExplainerCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly load: LoadForExplaining,
    private readonly maxVersions = DEFAULT_CACHED_VERSIONS,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Runs `work` with the version's model and the explainer for `method` (the model's default when absent). */
  async use<T>(
    version: ModelVersionRecord,
    method: ExplainMethod | undefined,
    work: (subject: ExplainSubject & { readonly readInstances: InstanceReader }) => Promise<T>,
  ): Promise<T> {
    const entry = this.entryOf(version);
    entry.users++;
    try {
      const loaded = await entry.ready;
      const key = method ?? '';
      let chosen = entry.explainers.get(key);
      if (chosen === undefined) {
        chosen = chooseExplainer(loaded.model, { method, background: loaded.background });
        entry.explainers.set(key, chosen);
      }
      return await work({ model: loaded.model, chosen, wording: loaded.wording, readInstances: loaded.readInstances });
    } finally {
      entry.users--;
      if (entry.evicted && entry.users === 0) closeEntry(entry);
    }
  }

  /** Closes every model once the requests using it are done. */
  close(): void {
    for (const entry of this.entries.values()) {
      entry.evicted = true;
      if (entry.users === 0) closeEntry(entry);
    }
    this.entries.clear();
  }

  private entryOf(version: ModelVersionRecord): Entry {
    const found = this.entries.get(version.id);
    if (found !== undefined) {
      // Most recently used last: the first entry is the one to push out.
      this.entries.delete(version.id);
      this.entries.set(version.id, found);
      return found;
    }
    const ready = this.load(version);
    const entry: Entry = { ready, explainers: new Map(), users: 0, evicted: false };
    // A load that failed is forgotten, so the next request tries again (the artifact may be back).
    ready.catch(() => {
      if (this.entries.get(version.id) === entry) this.entries.delete(version.id);
    });
    this.entries.set(version.id, entry);
    while (this.entries.size > this.maxVersions) {
      const [oldestId, oldest] = this.entries.entries().next().value!;
      this.entries.delete(oldestId);
      oldest.evicted = true;
      if (oldest.users === 0) closeEntry(oldest);
    }
    return entry;
  }
}

function closeEntry(entry: Entry): void {
  entry.ready.then((loaded) => loaded.model.close()).catch(() => undefined);
}

/** Loads a registered version for explaining: its artifact (hash checked), a training-snapshot sample, its wording. */
export function loadVersionForExplaining(ctx: AppContext, backgroundRows = DEFAULT_BACKGROUND_ROWS): LoadForExplaining {
  return async (version) => {
    const { loaded } = await loadRegisteredModel(ctx, `${version.modelName}:${version.version}`);
    try {
      const [background, wording] = await Promise.all([trainingBackground(ctx, version, backgroundRows, 0), versionWording(ctx, version)]);
      return { model: loaded, background: background?.batch, wording, readInstances: compileInstanceReader(version.signature.inputs) };
    } catch (error) {
      await loaded.close();
      throw error;
    }
  };
}
