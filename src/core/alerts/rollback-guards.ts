import type { ModelVersionName } from './alert-rule.ts';
import type { RollbackRecord } from './rollback-record.ts';

export interface CooldownInput {
  readonly deployment: string;
  readonly target: ModelVersionName;
  readonly now: string;
  readonly cooldownMs: number;
  /**
   * Successful rollbacks (outcome `rolled_back`) of every deployment within the cooldown, any order:
   * a version rolled back from is suspect wherever it serves, so the target guard looks at all of them.
   */
  readonly recent: readonly RollbackRecord[];
}

/**
 * The cooldown guards, in words a person on call understands, or undefined when both pass:
 * never back to a version that was itself rolled back from within the cooldown (which stops two rules
 * rolling a deployment back and forth between two bad versions), and one rollback per deployment per
 * cooldown (a second alert after a rollback means the rollback did not help: a human decides next).
 */
export function cooldownRefusal(input: CooldownInput): string | undefined {
  const now = Date.parse(input.now);
  const inCooldown = input.recent
    .filter((r) => r.outcome === 'rolled_back' && now - Date.parse(r.at) < input.cooldownMs)
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  const cooldown = `cooldown ${formatDuration(input.cooldownMs)}`;
  const fromTarget = inCooldown.find((r) => sameVersion(r.from, input.target));
  if (fromTarget !== undefined) {
    const where = fromTarget.deployment === input.deployment ? '' : ` on ${fromTarget.deployment}`;
    return `${versionName(input.target)} was rolled back from ${formatAgo(now - Date.parse(fromTarget.at))}${where}; ${cooldown}`;
  }
  const last = inCooldown.find((r) => r.deployment === input.deployment);
  if (last !== undefined) {
    return (
      `${input.deployment} was already rolled back ${formatAgo(now - Date.parse(last.at))} ` +
      `(${versionName(last.from)} → ${last.to ? versionName(last.to) : '?'} by rule ${last.rule}); one rollback per deployment per ${cooldown}`
    );
  }
  return undefined;
}

export const versionName = (v: ModelVersionName): string => `${v.name}:${v.version}`;

const sameVersion = (a: ModelVersionName, b: ModelVersionName) => a.name === b.name && a.version === b.version;

/** `40 s ago`, `12 min ago`, `3 h ago`, `2 d ago`: rounded down, as a person says it. */
export function formatAgo(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/** A duration in the spelling of rules files (`1h`, `1h30m`, `90s` reads `1m30s`, `500ms`), largest unit first. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const units: [string, number][] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  let rest = Math.round(ms / 1000) * 1000;
  let text = '';
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * size;
  }
  return text;
}
