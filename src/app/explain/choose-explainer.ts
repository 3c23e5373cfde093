import { BallastError } from '../../core/errors.ts';
import { createExactShapleyExplainer, MAX_EXACT_FEATURES } from '../../core/explain/exact-shapley.ts';
import type { ExplainMethod, ModelExplainer } from '../../core/explain/explanation.ts';
import { createKernelShapExplainer } from '../../core/explain/kernel-shap/kernel-shap-explainer.ts';
import { createTreeShapExplainer } from '../../core/explain/tree-shap/tree-shap-explainer.ts';
import type { FeatureBatch, LoadedModel } from '../../runtime/model-runtime.ts';
import { servedOutputs } from './model-outputs.ts';
import { whyNoTreeShap } from './tree-shap-unavailable.ts';

export interface ExplainerOptions {
  /** Default: the best the model allows (see chooseExplainer). */
  readonly method?: ExplainMethod;
  /** Rows model-agnostic methods compare against: a sample of the training snapshot. */
  readonly background?: FeatureBatch;
  /** KernelSHAP's coalition samples per row. */
  readonly samples?: number;
  readonly seed?: number;
}

export interface ChosenExplainer {
  readonly explainer: ModelExplainer;
  /** Why the model is not explained exactly from its own trees, when it is not; null when it is. */
  readonly fallback: string | null;
}

/**
 * Picks how to explain a model: exact TreeSHAP from its own trees when it is a tree ensemble Ballast
 * can read exactly; otherwise a model-agnostic method against the background sample, saying why.
 */
export function chooseExplainer(model: LoadedModel, options: ExplainerOptions = {}): ChosenExplainer {
  const trees = model.treeModel?.();
  // Models without readable trees: KernelSHAP, which any model and any number of features allows.
  const method = options.method ?? (trees !== undefined ? 'tree_shap' : 'kernel_shap');
  // Only a method chosen for the user falls back; one they asked for is what they get.
  const fallback =
    options.method === undefined && trees === undefined
      ? `${model.format} model explained with ${method} against a background sample instead of TreeSHAP: ${whyNoTreeShap(model.format)}`
      : null;
  switch (method) {
    case 'tree_shap':
      if (trees === undefined) throw new BallastError('explain_unavailable', `tree_shap is not available: ${whyNoTreeShap(model.format)}`);
      return { explainer: createTreeShapExplainer(trees), fallback: null };
    case 'exact_shapley':
      return { explainer: exactExplainer(model, options), fallback };
    case 'kernel_shap':
      return { explainer: kernelExplainer(model, options), fallback };
    default:
      throw new BallastError('explain_unavailable', `${method} is not available for ${model.format} models`);
  }
}

function exactExplainer(model: LoadedModel, options: ExplainerOptions): ModelExplainer {
  const featureCount = model.signature.inputs.length;
  if (featureCount > MAX_EXACT_FEATURES) {
    throw new BallastError(
      'explain_unavailable',
      `exact_shapley scores 2^features coalitions per row; this model has ${featureCount} features (at most ${MAX_EXACT_FEATURES})`,
    );
  }
  const background = requireBackground(model, options, 'exact_shapley');
  const outputs = servedOutputs(model);
  return createExactShapleyExplainer(outputs.predict, background, outputs.outputCount, outputs.space);
}

/** KernelSHAP against the background; samples default to shap's 2·M + 2048 (M: features that vary per row). */
function kernelExplainer(model: LoadedModel, options: ExplainerOptions): ModelExplainer {
  const background = requireBackground(model, options, 'kernel_shap');
  const outputs = servedOutputs(model);
  return createKernelShapExplainer(outputs.predict, background, outputs.outputCount, outputs.space, {
    ...(options.samples === undefined ? {} : { samples: options.samples }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
}

function requireBackground(model: LoadedModel, options: ExplainerOptions, method: ExplainMethod): FeatureBatch {
  if (options.background === undefined || options.background.rowCount === 0) {
    throw new BallastError(
      'explain_unavailable',
      `${method} needs a background sample for this ${model.format} model: register the version with --training-data or pass --background FILE`,
    );
  }
  return options.background;
}
