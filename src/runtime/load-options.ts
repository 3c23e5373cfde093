import type { ModelSignature } from '../core/signature.ts';
import type { LoadOptions } from './model-runtime.ts';

/**
 * The options that load a registered version exactly as it was registered: its feature names (for a
 * model that carries none) and, for a model whose only output is class scores, the classes and the
 * reading of the scores stored in its signature. Every load of a stored version goes through here,
 * so the server, its worker threads, monitoring and offline predict cannot read a model differently.
 */
export function loadOptionsFor(signature: ModelSignature): LoadOptions {
  const featureNames = signature.inputs.map((input) => input.name);
  const { output } = signature;
  if (output.scores === undefined || output.classes === undefined) return { featureNames };
  return { featureNames, output: { task: 'classification', classes: [...output.classes], scores: output.scores } };
}
