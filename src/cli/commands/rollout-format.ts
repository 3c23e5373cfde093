import { formatDuration } from '../../core/alerts/rollback-guards.ts';
import type { RolloutHistoryWire, RolloutStatusWire } from '../../app/rollouts/rollout-status.ts';

const ref = (v: { name: string; version: number }) => `${v.name}:${v.version}`;

/** `credit-risk: canary to credit:2 (stable credit:1), progressing at 25% (step 2 of 4, gate at …)` and the details under it. */
export function formatRolloutStatus(s: RolloutStatusWire): string {
  const r = s.rollout;
  if (r === null) {
    const last = s.history[0];
    return `${s.deployment}: no active rollout; serves ${ref(s.stable)} (revision ${s.revision})${last ? `\n  last: ${formatHistoryEntry(last)}` : ''}`;
  }
  const lines = [
    `${s.deployment}: ${r.strategy} rollout ${r.id} to ${ref(r.candidate)}, ${r.status}; stable ${ref(s.stable)} (revision ${s.revision})`,
  ];
  if (r.strategy === 'canary') {
    const steps = r.steps.map((step, i) => (i === r.step_index ? `[${step}%]` : `${step}%`)).join(' → ');
    lines.push(
      `  steps: ${steps}, ${formatDuration(r.step_duration_ms)} each${r.step_ends_at ? `; this step is gated at ${r.step_ends_at}` : ''}`,
    );
  } else if (r.strategy === 'ab') {
    lines.push(
      `  split: ${r.weight}% to the variant; gated every ${formatDuration(r.step_duration_ms)}${r.step_ends_at ? `, next at ${r.step_ends_at}` : ''}`,
    );
  } else if (r.status === 'switched') {
    lines.push(
      `  switched at ${r.switched_at} from ${r.previous ? ref(r.previous) : '?'}, kept loaded for ${formatDuration(r.keep_previous_ms)} for a rollback`,
    );
  } else {
    lines.push(`  green is loaded and answered its smoke request; \`ballast rollout switch ${s.deployment}\` moves all traffic`);
  }
  if (r.sticky_key)
    lines.push(`  sticky key: ${r.sticky_key.kind === 'header' ? `header ${r.sticky_key.name}` : `field ${r.sticky_key.name}`}`);
  if (r.gate_rules.length > 0) lines.push(`  gate rules: ${r.gate_rules.join(', ')}`);
  lines.push(`  started ${r.started_at} by ${r.started_by}`);
  return lines.join('\n');
}

/** `STARTED  STRATEGY  STABLE → CANDIDATE  OUTCOME (by, at): reason`. */
export function formatHistoryEntry(h: RolloutHistoryWire): string {
  const ended = h.outcome === null ? 'active' : `${h.outcome} by ${h.ended_by} at ${h.ended_at}`;
  return `${h.started_at}  ${h.strategy.padEnd(10)}  ${ref(h.stable)} → ${ref(h.candidate)}  ${ended}${h.reason ? `: ${h.reason}` : ''}`;
}
