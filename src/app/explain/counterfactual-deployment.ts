import type { Contract } from '../../core/contracts/contract-types.ts';
import { BallastError } from '../../core/errors.ts';
import { loadOptionsFor } from '../../runtime/load-options.ts';
import type { FeatureBatch, LoadedModel } from '../../runtime/model-runtime.ts';
import type { AppContext } from '../context.ts';
import { findCounterfactuals, type CounterfactualAnswer } from './counterfactual.ts';
import { parseCounterfactualRequest, type CounterfactualRequest } from './counterfactual-request.ts';
import { instanceBatch, snapshotReference, versionContract } from './counterfactual-source.ts';

export interface DeploymentCounterfactual extends CounterfactualAnswer {
  readonly model: { readonly name: string; readonly version: number };
  readonly deployment: string;
}

interface VersionParts {
  readonly model: LoadedModel;
  readonly reference: FeatureBatch;
  readonly contract: Contract | undefined;
}

/**
 * Counterfactuals for POST /v1/deployments/{name}/counterfactual, against the deployment's stable
 * version. A search scores thousands of rows, so it runs on a model loaded here, not on the serving
 * path's workers (which stay free for predictions); the model, its reference sample and contract are
 * kept per version, so only the first request for a version pays for loading them.
 */
export class DeploymentCounterfactuals {
  private readonly versions = new Map<string, Promise<VersionParts>>();

  constructor(private readonly ctx: AppContext) {}

  async answer(name: string, body: CounterfactualRequest & { readonly instance: unknown }): Promise<DeploymentCounterfactual> {
    const deployment = await this.ctx.store.deployments.findByName(name);
    if (deployment === undefined) throw new BallastError('deployment_not_found', `no deployment named "${name}"`);
    const version = await this.ctx.store.versions.findById(deployment.versionId);
    if (version === undefined) throw new BallastError('version_not_found', `the version deployment "${name}" serves no longer exists`);
    const parts = await this.partsOf(version.id);
    const request = parseCounterfactualRequest(parts.model.signature, body);
    const instance = instanceBatch(parts.model.signature.inputs, body.instance);
    const answer = await findCounterfactuals({ ...parts, instance, request });
    return { model: { name: version.modelName, version: version.version }, deployment: name, ...answer };
  }

  async close(): Promise<void> {
    const loaded = await Promise.allSettled(this.versions.values());
    this.versions.clear();
    await Promise.all(loaded.map((p) => (p.status === 'fulfilled' ? p.value.model.close() : undefined)));
  }

  private partsOf(versionId: string): Promise<VersionParts> {
    let parts = this.versions.get(versionId);
    if (parts === undefined) {
      parts = this.load(versionId);
      this.versions.set(versionId, parts);
      // A version that failed to load (no training snapshot) is tried again next time, not remembered.
      parts.catch(() => this.versions.delete(versionId));
    }
    return parts;
  }

  private async load(versionId: string): Promise<VersionParts> {
    const version = (await this.ctx.store.versions.findById(versionId))!;
    const reference = await snapshotReference(this.ctx, version);
    const contract = await versionContract(this.ctx, version);
    const bytes = await this.ctx.artifacts.read(version.artifactSha256);
    const model = await this.ctx.runtimes[version.format].load(bytes, loadOptionsFor(version.signature));
    return { model, reference, contract };
  }
}
