import { BallastError } from '../../core/errors.ts';
import type { ModelFormat } from '../../core/signature.ts';
import type { FeatureBatch, LoadedModel } from '../../runtime/model-runtime.ts';
import { RUNTIMES } from '../../runtime/runtimes.ts';
import type { AppContext } from '../context.ts';
import { loadModelFile } from '../load-model.ts';
import { resolveModelRef } from '../resolve-model.ts';
import { findCounterfactuals, type CounterfactualAnswer } from './counterfactual.ts';
import { parseCounterfactualRequest, type CounterfactualRequest } from './counterfactual-request.ts';
import { fileReference, fileRowBatch, instanceBatch, snapshotReference, versionContract } from './counterfactual-source.ts';
import { loadRegisteredModel } from '../load-model.ts';

/** The row to explain: a JSON instance, or data row `row` (1-based) of a CSV or JSON Lines file. */
export type InstanceSource = { readonly instance: unknown } | { readonly input: string; readonly row: number };

export interface OfflineCounterfactualOptions {
  readonly source: InstanceSource;
  readonly request: CounterfactualRequest;
  /** Reference rows for plausible ranges; default (registered versions): the training snapshot. */
  readonly reference?: string;
}

export interface OfflineCounterfactual extends CounterfactualAnswer {
  /** `credit:3`, or the model file. */
  readonly model: string;
}

/** The CLI with a model file: no registry, so the reference file is required. */
export async function counterfactualForFile(
  file: string,
  format: ModelFormat | undefined,
  options: OfflineCounterfactualOptions,
): Promise<OfflineCounterfactual> {
  if (options.reference === undefined) {
    throw new BallastError(
      'invalid_argument',
      'a model file has no training snapshot: pass --reference FILE (rows like the training data) for plausible ranges',
    );
  }
  const reference = options.reference;
  const { loaded, description } = await loadModelFile(RUNTIMES, file, format);
  return answerWith(
    loaded,
    description,
    options,
    () => fileReference(reference, loaded.signature.inputs),
    async () => undefined,
  );
}

/** The CLI with a registered version: its training snapshot and contract bound the candidates. */
export async function counterfactualForVersion(
  ctx: AppContext,
  ref: string,
  options: OfflineCounterfactualOptions,
): Promise<OfflineCounterfactual> {
  const { version } = await resolveModelRef(ctx.store, ref);
  const { loaded, description } = await loadRegisteredModel(ctx, ref);
  return answerWith(
    loaded,
    description,
    options,
    () => (options.reference === undefined ? snapshotReference(ctx, version) : fileReference(options.reference, loaded.signature.inputs)),
    () => versionContract(ctx, version),
  );
}

async function answerWith(
  model: LoadedModel,
  description: string,
  options: OfflineCounterfactualOptions,
  reference: () => Promise<FeatureBatch>,
  contract: () => ReturnType<typeof versionContract>,
): Promise<OfflineCounterfactual> {
  try {
    const request = parseCounterfactualRequest(model.signature, options.request);
    const inputs = model.signature.inputs;
    const instance =
      'instance' in options.source
        ? instanceBatch(inputs, options.source.instance)
        : await fileRowBatch(options.source.input, inputs, options.source.row);
    const answer = await findCounterfactuals({ model, reference: await reference(), contract: await contract(), instance, request });
    return { model: description, ...answer };
  } finally {
    await model.close();
  }
}
