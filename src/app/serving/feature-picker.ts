import type { ModelSignature } from '../../core/signature.ts';

/** The model's features of one instance, in signature order; an absent feature is null. */
export type FeaturePicker = (instance: Readonly<Record<string, unknown>>) => Record<string, unknown>;

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * What the prediction log keeps of an instance: the model's features only, so a client cannot fill
 * the log with arbitrary extra fields. Compiled once per version. The result is an ordinary object
 * filled in one fixed order, which V8 keeps in its fast layout: a prototype-less object (the
 * earlier form) is a dictionary, ~0.3 µs slower to fill and ~0.7 µs slower to turn into JSON for
 * the example credit model's 13 features, on every logged prediction. Only when a feature is
 * named `__proto__` (an assignment would then set the prototype) is the prototype-less form used.
 */
export function compileFeaturePicker(signature: ModelSignature): FeaturePicker {
  const names = signature.inputs.map((input) => input.name);
  const make: () => Record<string, unknown> = names.includes('__proto__') ? () => Object.create(null) as Record<string, unknown> : () => ({});
  return (instance) => {
    const picked = make();
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      picked[name] = hasOwn.call(instance, name) ? instance[name] : null;
    }
    return picked;
  };
}
