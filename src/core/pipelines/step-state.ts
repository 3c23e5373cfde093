import { canonicalJson } from '../canonical-json.ts';
import type { StepRunRecord } from './pipeline-definition.ts';

/** What a step would run with now: its command, its dependencies' sha256 (null: missing) and its parameters' values. */
export interface StepInputs {
  readonly cmd: string;
  readonly deps: Readonly<Record<string, string | null>>;
  readonly params: Readonly<Record<string, unknown>>;
  readonly outs: readonly string[];
}

/**
 * The text whose sha256 is a step's cache key: its command, each dependency's content hash, each
 * parameter's value and the names of its outputs, in canonical JSON (keys sorted), so the same
 * inputs give the same key on any machine and any change of one gives another.
 */
export function stepHashInput(inputs: StepInputs): string {
  return canonicalJson({
    cmd: inputs.cmd,
    deps: inputs.deps,
    params: inputs.params,
    outs: [...inputs.outs].sort(),
  });
}

export type StaleReason =
  | { readonly kind: 'never_run' }
  | { readonly kind: 'command_changed' }
  | { readonly kind: 'dep_changed'; readonly path: string }
  | { readonly kind: 'dep_missing'; readonly path: string }
  | { readonly kind: 'param_changed'; readonly key: string }
  | { readonly kind: 'out_missing'; readonly path: string }
  | { readonly kind: 'out_changed'; readonly path: string }
  | { readonly kind: 'upstream_stale'; readonly step: string };

/**
 * Why a step would not be up to date if the pipeline ran now, compared with the last time it ran
 * or was restored: `outs` are its outputs' current sha256 (null: missing); `upstreamStale` the steps
 * it reads from that are stale themselves (their outputs will be remade, so this step may change
 * too). An empty list means the step is up to date.
 */
export function staleReasons(
  now: StepInputs,
  outs: Readonly<Record<string, string | null>>,
  recorded: StepRunRecord | undefined,
  upstreamStale: readonly string[],
): StaleReason[] {
  if (recorded === undefined) return [{ kind: 'never_run' }];
  const reasons: StaleReason[] = [];
  if (recorded.cmd !== now.cmd) reasons.push({ kind: 'command_changed' });
  for (const [path, sha256] of Object.entries(now.deps)) {
    if (sha256 === null) reasons.push({ kind: 'dep_missing', path });
    else if (recorded.deps[path] !== sha256) reasons.push({ kind: 'dep_changed', path });
  }
  for (const [key, value] of Object.entries(now.params))
    if (!Object.hasOwn(recorded.params, key) || canonicalJson(recorded.params[key]) !== canonicalJson(value))
      reasons.push({ kind: 'param_changed', key });
  for (const [path, sha256] of Object.entries(outs)) {
    if (sha256 === null) reasons.push({ kind: 'out_missing', path });
    else if (recorded.outs[path] !== sha256) reasons.push({ kind: 'out_changed', path });
  }
  for (const step of upstreamStale) reasons.push({ kind: 'upstream_stale', step });
  return reasons;
}

export function describeStaleReason(reason: StaleReason): string {
  switch (reason.kind) {
    case 'never_run':
      return 'never ran';
    case 'command_changed':
      return 'command changed';
    case 'dep_changed':
      return `dep ${reason.path} changed`;
    case 'dep_missing':
      return `dep ${reason.path} is missing`;
    case 'param_changed':
      return `param ${reason.key} changed`;
    case 'out_missing':
      return `out ${reason.path} is missing`;
    case 'out_changed':
      return `out ${reason.path} was changed since the step wrote it`;
    case 'upstream_stale':
      return `upstream step ${reason.step} is stale`;
  }
}
