import type { ModelSignature } from '../../core/signature.ts';
import type { LoadOptions } from '../model-runtime.ts';
import { planInputs, type FeedPlan } from './onnx-input-plan.ts';
import { planOutputs, type ReadPlan } from './onnx-output-plan.ts';
import type { OnnxModelProto } from './onnx-proto.ts';

/** The Ballast signature of an ONNX model, with how to feed its inputs and read its outputs. */
export interface OnnxPlan {
  readonly signature: ModelSignature;
  readonly feed: FeedPlan;
  readonly read: ReadPlan;
}

/** Throws a ModelLoadError naming the input or output that Ballast cannot serve. */
export function planOnnxModel(model: OnnxModelProto, options: LoadOptions = {}): OnnxPlan {
  const { features, feed } = planInputs(model, options);
  const { output, read } = planOutputs(model, options.output);
  return { signature: { inputs: features, output }, feed, read };
}
