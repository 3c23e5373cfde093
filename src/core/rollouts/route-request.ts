import type { AnswerRole, DeploymentRouting, StickyKey } from './deployment-routing.ts';

/** One version a request's rows can go to, with the role it answers in. */
export interface RouteTarget {
  readonly versionId: string;
  readonly role: AnswerRole;
}

/**
 * Where a deployment's traffic goes now: `stable` answers everything the candidate does not; the
 * candidate (absent when nothing is rolled out or nothing routes to it) answers `weight` percent.
 */
export interface RoutePlan {
  readonly stable: RouteTarget;
  readonly candidate?: RouteTarget & { readonly weight: number; readonly salt: string };
  readonly stickyKey: StickyKey | null;
}

/** Sticky buckets: 10,000 of them, so a weight is honoured to a hundredth of a percent. */
export const STICKY_BUCKETS = 10_000;

/**
 * The routing plan of a revision. A canary's candidate answers as `canary`, an A/B variant as
 * `variant`. Blue/green routes nothing to green while `ready`; once `switched`, green is the
 * deployment's version and answers everything as `green` until the rollout ends. `paused` keeps
 * the weight it had.
 */
export function routePlan(stableVersionId: string, routing: DeploymentRouting): RoutePlan {
  const rollout = routing.rollout;
  if (rollout === undefined) return { stable: { versionId: stableVersionId, role: 'stable' }, stickyKey: null };
  if (rollout.strategy === 'blue-green') {
    const role: AnswerRole = rollout.status === 'switched' ? 'green' : 'stable';
    return { stable: { versionId: stableVersionId, role }, stickyKey: null };
  }
  const weight = Math.min(100, Math.max(0, rollout.weight));
  const role: AnswerRole = rollout.strategy === 'ab' ? 'variant' : 'canary';
  return {
    stable: { versionId: stableVersionId, role: 'stable' },
    candidate: { versionId: rollout.candidateVersionId, role, weight, salt: rollout.id },
    stickyKey: rollout.stickyKey,
  };
}

/**
 * FNV-1a, 32 bits, over the UTF-8 bytes of `text` (offset basis 2166136261, prime 16777619): a
 * documented hash anyone can recompute, so the same key lands on the same version on every server,
 * after every restart and in any other implementation.
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  const byte = (b: number) => {
    hash ^= b;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  };
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) byte(code);
    else if (code < 0x800) {
      byte(0xc0 | (code >> 6));
      byte(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      byte(0xe0 | (code >> 12));
      byte(0x80 | ((code >> 6) & 0x3f));
      byte(0x80 | (code & 0x3f));
    } else {
      byte(0xf0 | (code >> 18));
      byte(0x80 | ((code >> 12) & 0x3f));
      byte(0x80 | ((code >> 6) & 0x3f));
      byte(0x80 | (code & 0x3f));
    }
  }
  return hash >>> 0;
}

/**
 * A key's bucket in [0, 10000): FNV-1a 32 of `salt + ":" + value`, modulo 10,000. Salting with the
 * rollout's id reshuffles customers between rollouts, while within one rollout a bucket never moves.
 */
export function stickyBucket(salt: string, value: string): number {
  return fnv1a32(`${salt}:${value}`) % STICKY_BUCKETS;
}

/**
 * Whether a bucket (sticky or random) goes to the candidate at `weight` percent: bucket <
 * weight × 100. Raising the weight only ever adds buckets, so a customer moves from stable to the
 * candidate as a canary advances, never back.
 */
export function isCandidateBucket(bucket: number, weight: number): boolean {
  return bucket < Math.round(weight * 100);
}

/**
 * The sticky key's value as text, or undefined when it is missing: absent, null, an empty string
 * or not a scalar (an object cannot be a customer's id).
 */
export function stickyValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return String(value);
  return undefined;
}

/** Per row, which target answers it (0 = stable, 1 = candidate), and how many rows had no sticky key to go by. */
export interface RowRoutes {
  readonly targets: readonly RouteTarget[];
  readonly rowTarget: Uint8Array;
  readonly keyMissing: number;
}

/**
 * Routes a request's rows. A `field` key is read per row, so the rows of one request may go to
 * different versions; a `header` key routes the whole request. Without a key, or where the key is
 * missing, a row goes by `randomBucket` — one draw in [0, 10000) per request, taken from the
 * caller's random source — and, when a key was configured, is counted in `keyMissing` (per row for
 * a field key, once for a header).
 */
export function routeRows(
  plan: RoutePlan,
  rows: readonly unknown[],
  header: (name: string) => string | undefined,
  randomBucket: () => number,
): RowRoutes {
  const rowTarget = new Uint8Array(rows.length);
  const candidate = plan.candidate;
  if (candidate === undefined || candidate.weight <= 0) return { targets: [plan.stable], rowTarget, keyMissing: 0 };
  const targets = [plan.stable, candidate];
  let random: number | undefined;
  const draw = () => (random ??= randomBucket());
  let keyMissing = 0;
  const key = plan.stickyKey;
  if (key?.kind === 'field') {
    rows.forEach((row, i) => {
      const value = row !== null && typeof row === 'object' ? stickyValue((row as Record<string, unknown>)[key.name]) : undefined;
      if (value === undefined) keyMissing++;
      rowTarget[i] = isCandidateBucket(value === undefined ? draw() : stickyBucket(candidate.salt, value), candidate.weight) ? 1 : 0;
    });
    return { targets, rowTarget, keyMissing };
  }
  let bucket: number;
  if (key?.kind === 'header') {
    const value = stickyValue(header(key.name));
    if (value === undefined) keyMissing = 1;
    bucket = value === undefined ? draw() : stickyBucket(candidate.salt, value);
  } else bucket = draw();
  rowTarget.fill(isCandidateBucket(bucket, candidate.weight) ? 1 : 0);
  return { targets, rowTarget, keyMissing };
}
