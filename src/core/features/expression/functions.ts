import { asBoolean, asNumber, type FeatureValue } from './values.ts';

/**
 * The functions expressions may call. Each takes evaluated arguments (missing = null) and never
 * throws: an argument outside a function's domain (log of 0, sqrt of −1) gives a missing value, as a
 * feature that cannot be computed is missing rather than a failed request.
 */
export interface FunctionSpec {
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly apply: (args: readonly FeatureValue[]) => FeatureValue;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

function numeric(fn: (...xs: number[]) => number | null, minArgs: number, maxArgs = minArgs): FunctionSpec {
  return {
    minArgs,
    maxArgs,
    apply: (args) => {
      const xs = args.map(asNumber);
      if (xs.some((x) => x === null)) return null;
      const result = fn(...(xs as number[]));
      return result === null ? null : finite(result);
    },
  };
}

/** Half away from zero, as people round by hand (not the banker's rounding of Python's round). */
function roundHalfAway(x: number, digits: number): number {
  const scale = 10 ** digits;
  return (Math.sign(x) * Math.round(Math.abs(x) * scale)) / scale;
}

export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  coalesce: { minArgs: 1, maxArgs: 64, apply: (args) => args.find((a) => a !== null) ?? null },
  is_missing: { minArgs: 1, maxArgs: 1, apply: (args) => args[0] === null },
  if: {
    minArgs: 3,
    maxArgs: 3,
    // The compiler evaluates only the branch taken; this is the same rule on evaluated arguments.
    apply: (args) => (asBoolean(args[0]!) === true ? args[1]! : args[2]!),
  },
  log: numeric(
    (x, base) =>
      x > 0 && (base === undefined || (base > 0 && base !== 1)) ? Math.log(x) / (base === undefined ? 1 : Math.log(base)) : null,
    1,
    2,
  ),
  log1p: numeric((x) => (x > -1 ? Math.log1p(x) : null), 1),
  exp: numeric((x) => Math.exp(x), 1),
  sqrt: numeric((x) => (x >= 0 ? Math.sqrt(x) : null), 1),
  abs: numeric((x) => Math.abs(x), 1),
  floor: numeric((x) => Math.floor(x), 1),
  ceil: numeric((x) => Math.ceil(x), 1),
  round: numeric((x, digits) => roundHalfAway(x, digits === undefined ? 0 : Math.trunc(digits)), 1, 2),
  clip: numeric((x, lo, hi) => (lo! > hi! ? null : Math.min(Math.max(x, lo!), hi!)), 3),
  min: numeric((...xs) => Math.min(...xs), 1, 64),
  max: numeric((...xs) => Math.max(...xs), 1, 64),
  pow: numeric((x, y) => x ** y!, 2),
};

/**
 * `bucket(x, [e1, e2, …])`: how many edges are at or below x — 0 below the first edge, k at or above
 * the k-th (edges must rise). Missing x gives missing. Checked at compile time: the edges are constants.
 */
export function bucketIndex(x: number, edges: readonly number[]): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
