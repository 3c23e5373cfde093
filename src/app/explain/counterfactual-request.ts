import type { CounterfactualConstraints, Direction, DesiredOutcome } from '../../core/explain/counterfactual/counterfactual.ts';
import { BallastError } from '../../core/errors.ts';
import { issuesError, type Issue } from '../../core/issues.ts';
import type { ModelSignature } from '../../core/signature.ts';

/** A counterfactual request as the API and the CLI take it (wire names). */
export interface CounterfactualRequest {
  /** A class label for a classifier; `{min?, max?}` for a regressor. */
  readonly desired: unknown;
  readonly k?: number;
  readonly immutable?: readonly string[];
  readonly directions?: Readonly<Record<string, string>>;
  readonly max_changes?: number;
  readonly seed?: number;
}

const DEFAULT_K = 3;
const MAX_K = 10;
const DEFAULT_MAX_CHANGES = 3;
/** The search tries every set of up to this many features; more would not be a counterfactual anyone can act on. */
const MAX_MAX_CHANGES = 5;

export interface ParsedCounterfactualRequest {
  readonly desired: DesiredOutcome;
  readonly constraints: CounterfactualConstraints;
  readonly k: number;
  readonly seed: number;
}

/**
 * Checks a request against the model: the desired label must be one of its classes (compared as
 * text, so "1" and 1 are the same label), a range needs a regressor, and every feature named in
 * `immutable` or `directions` must be an input. All problems are reported at once.
 */
export function parseCounterfactualRequest(signature: ModelSignature, request: CounterfactualRequest): ParsedCounterfactualRequest {
  const issues: Issue[] = [];
  const index = new Map(signature.inputs.map((feature, i) => [feature.name, i]));
  const featureAt = (name: unknown, path: (string | number)[]): number | undefined => {
    const at = typeof name === 'string' ? index.get(name) : undefined;
    if (at === undefined) issues.push({ code: 'invalid_value', path, message: `${JSON.stringify(name)} is not an input of the model` });
    return at;
  };
  const immutable = new Set<number>();
  (request.immutable ?? []).forEach((name, i) => {
    const at = featureAt(name, ['immutable', i]);
    if (at !== undefined) immutable.add(at);
  });
  const directions = new Map<number, Direction>();
  for (const [name, direction] of Object.entries(request.directions ?? {})) {
    const at = featureAt(name, ['directions', name]);
    if (direction !== 'increase' && direction !== 'decrease') {
      issues.push({ code: 'invalid_value', path: ['directions', name], message: 'must be "increase" or "decrease"' });
    } else if (at !== undefined) {
      const feature = signature.inputs[at]!;
      if (feature.type === 'category' || feature.type === 'string') {
        issues.push({
          code: 'invalid_value',
          path: ['directions', name],
          message: 'is a category: it has no direction (make it immutable instead)',
        });
      } else directions.set(at, direction);
    }
  }
  const k = wholeNumber(request.k, DEFAULT_K, 1, MAX_K, 'k', issues);
  const maxChanges = wholeNumber(request.max_changes, DEFAULT_MAX_CHANGES, 1, MAX_MAX_CHANGES, 'max_changes', issues);
  const seed = wholeNumber(request.seed, 0, 0, 2 ** 32 - 1, 'seed', issues);
  const desired = parseDesired(signature, request.desired, issues);
  if (issues.length > 0) throw issuesError('invalid_argument', 'invalid counterfactual request', issues);
  return { desired: desired!, constraints: { immutable, directions, maxChanges }, k, seed };
}

function parseDesired(signature: ModelSignature, desired: unknown, issues: Issue[]): DesiredOutcome | undefined {
  const { output } = signature;
  if (output.kind === 'regression') {
    const range = desired as { min?: unknown; max?: unknown } | null;
    const bound = (value: unknown, fallback: number) => (value === undefined || value === null ? fallback : value);
    const min = bound(range?.min, -Infinity);
    const max = bound(range?.max, Infinity);
    if (typeof range !== 'object' || range === null || Array.isArray(range) || typeof min !== 'number' || typeof max !== 'number') {
      issues.push({
        code: 'invalid_type',
        path: ['desired'],
        message: 'a regressor needs a range {"min": n, "max": n} (either may be left out)',
      });
      return undefined;
    }
    if (Number.isNaN(min) || Number.isNaN(max) || min > max || (min === -Infinity && max === Infinity)) {
      issues.push({ code: 'invalid_value', path: ['desired'], message: 'needs min ≤ max and at least one of them' });
      return undefined;
    }
    return { kind: 'range', min, max };
  }
  if (typeof desired !== 'string' && typeof desired !== 'number') {
    issues.push({ code: 'invalid_type', path: ['desired'], message: "must be one of the model's class labels" });
    return undefined;
  }
  const classIndex = (output.classes ?? []).findIndex((label) => String(label) === String(desired));
  if (classIndex < 0) {
    throw new BallastError(
      'unknown_label',
      `desired: ${JSON.stringify(desired)} is not a class of the model (classes: ${(output.classes ?? []).map((c) => JSON.stringify(c)).join(', ')})`,
    );
  }
  return { kind: 'class', classIndex };
}

function wholeNumber(value: unknown, fallback: number, min: number, max: number, path: string, issues: Issue[]): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    issues.push({ code: 'invalid_value', path: [path], message: `must be a whole number from ${min} to ${max}` });
    return fallback;
  }
  return value;
}
