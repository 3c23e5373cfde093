import { BallastError } from '../core/errors.ts';
import { formatModelRef, parseModelRef } from '../core/model-ref.ts';
import type { ModelRecord, ModelVersionRecord } from '../core/registry-records.ts';
import type { Repositories } from '../store/store.ts';

export interface ResolvedVersion {
  readonly model: ModelRecord;
  readonly version: ModelVersionRecord;
}

/** Finds the version a reference names: `NAME` (latest), `NAME@alias` or `NAME:version`. */
export async function resolveModelRef(repos: Repositories, text: string): Promise<ResolvedVersion> {
  const ref = parseModelRef(text);
  const model = await repos.models.findByName(ref.name);
  if (model === undefined) throw new BallastError('model_not_found', `no model named "${ref.name}"`);
  let version: ModelVersionRecord | undefined;
  switch (ref.kind) {
    case 'latest':
      version = await repos.versions.latest(model.id);
      if (version === undefined) throw new BallastError('version_not_found', `model "${ref.name}" has no versions`);
      break;
    case 'version':
      version = await repos.versions.find(model.id, ref.version);
      if (version === undefined) throw new BallastError('version_not_found', `model "${ref.name}" has no version ${ref.version}`);
      break;
    case 'alias': {
      const alias = await repos.aliases.find(model.id, ref.alias);
      if (alias === undefined)
        throw new BallastError('alias_not_found', `model "${ref.name}" has no alias "${ref.alias}" (${formatModelRef(ref)})`);
      version = await repos.versions.findById(alias.versionId);
      break;
    }
  }
  return { model, version: version! };
}
