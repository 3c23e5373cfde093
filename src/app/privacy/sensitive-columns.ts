import { effectiveSensitiveColumns, type SensitiveColumn } from '../../core/privacy/sensitive-marks.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { Repositories } from '../../store/store.ts';
import { contractOfVersion } from '../contracts.ts';

/** A version's effective sensitive columns: its hand marks ∪ its contract's `sensitive`/`pii` columns. */
export async function sensitiveColumnsOfVersion(
  repos: Pick<Repositories, 'sensitiveColumns' | 'contracts'>,
  version: Pick<ModelVersionRecord, 'id' | 'contractId'>,
): Promise<SensitiveColumn[]> {
  const [marks, contract] = await Promise.all([
    repos.sensitiveColumns.listForVersion(version.id),
    contractOfVersion(repos, version.contractId),
  ]);
  return effectiveSensitiveColumns(marks, contract?.contract.columns);
}

/**
 * The names of each version's sensitive columns, looked up once per version for one response (a page
 * of the log holds many rows of few versions). A version no longer in the registry has none.
 */
export function sensitiveColumnLookup(
  repos: Pick<Repositories, 'sensitiveColumns' | 'contracts' | 'versions'>,
): (versionId: string) => Promise<ReadonlySet<string>> {
  const cache = new Map<string, Promise<ReadonlySet<string>>>();
  return (versionId) => {
    let found = cache.get(versionId);
    if (found === undefined) {
      found = (async () => {
        const version = await repos.versions.findById(versionId);
        if (version === undefined) return new Set<string>();
        return new Set((await sensitiveColumnsOfVersion(repos, version)).map((c) => c.column));
      })();
      cache.set(versionId, found);
    }
    return found;
  };
}
