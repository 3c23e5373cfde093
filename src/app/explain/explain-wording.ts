import type { Contract } from '../../core/contracts/contract-types.ts';
import type { FeatureWording } from '../../core/explain/reasons.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { ModelSignature } from '../../core/signature.ts';
import type { AppContext } from '../context.ts';
import { contractOfVersion } from '../contracts.ts';

/** How a model's features and outcome are named in plain-language reasons. */
export interface ExplainWording {
  /** One per signature input, in signature order. */
  readonly features: readonly FeatureWording[];
  /** The column the model predicts (the training snapshot's label column), when known. */
  readonly target?: string;
}

/**
 * A signature's features in words: display names and units from the contract when it has them, and
 * category names from the model itself (so a row giving a code is said by its name).
 */
export function signatureWording(signature: ModelSignature, contract?: Contract, target?: string): ExplainWording {
  const features = signature.inputs.map((input) => {
    const rule = contract?.columns[input.name];
    return {
      name: input.name,
      ...(rule?.label !== undefined ? { label: rule.label } : {}),
      ...(rule?.unit !== undefined ? { unit: rule.unit } : {}),
      ...(input.categories !== undefined ? { categories: input.categories } : {}),
    };
  });
  const targetLabel = target === undefined ? undefined : (contract?.columns[target]?.label ?? target);
  return targetLabel === undefined ? { features } : { features, target: targetLabel };
}

/** A registered version's wording: its contract's labels and units, its training snapshot's label column. */
export async function versionWording(ctx: Pick<AppContext, 'store'>, version: ModelVersionRecord): Promise<ExplainWording> {
  const [contract, snapshot] = await Promise.all([
    contractOfVersion(ctx.store, version.contractId),
    version.snapshotId === null ? undefined : ctx.store.snapshots.findById(version.snapshotId),
  ]);
  return signatureWording(version.signature, contract?.contract, snapshot?.labelColumn ?? undefined);
}
