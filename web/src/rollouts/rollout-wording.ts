import type { ActiveRollout, RolloutVerb } from '../api/rollout-types.ts';

/**
 * The verbs that fit a rollout's status, as the control plane accepts them: a progressing canary or
 * A/B test can be paused, promoted or aborted; a paused one resumed instead of paused; blue/green
 * before its switch can be switched or aborted, after it only rolled back (it ends by itself once
 * blue's keep-previous time has passed). The server decides; the page offers only what fits.
 */
export function verbsFor(rollout: Pick<ActiveRollout, 'status'>): readonly RolloutVerb[] {
  switch (rollout.status) {
    case 'progressing':
      return ['pause', 'promote', 'abort'];
    case 'paused':
      return ['resume', 'promote', 'abort'];
    case 'ready':
      return ['switch', 'abort'];
    case 'switched':
      return ['rollback'];
  }
}

export const VERB_LABELS: Readonly<Record<RolloutVerb, string>> = {
  pause: 'Pause',
  resume: 'Resume',
  promote: 'Promote',
  abort: 'Abort',
  switch: 'Switch',
  rollback: 'Roll back',
};

/** What confirming a verb will do, said before it is done. */
export function verbConsequence(verb: RolloutVerb, rollout: Pick<ActiveRollout, 'candidate' | 'previous'>, stable: string): string {
  const candidate = `${rollout.candidate.name}:${rollout.candidate.version}`;
  switch (verb) {
    case 'pause':
      return `The weight holds and no gate runs until the rollout is resumed.`;
    case 'resume':
      return `Traffic moves on again and the gates run at each step's end.`;
    case 'promote':
      return `${candidate} becomes the stable version and answers all traffic.`;
    case 'abort':
      return `All traffic goes back to ${stable} at once; ${candidate} stops answering.`;
    case 'switch':
      return `All traffic moves to ${candidate} at once; ${stable} stays loaded for a quick rollback.`;
    case 'rollback': {
      const previous = rollout.previous ? `${rollout.previous.name}:${rollout.previous.version}` : 'the previous version';
      return `All traffic moves back to ${previous} at once.`;
    }
  }
}

export const STRATEGY_LABELS: Readonly<Record<ActiveRollout['strategy'], string>> = {
  canary: 'Canary',
  'blue-green': 'Blue/green',
  ab: 'A/B test',
};

/** `in 4m 10s`, `ended 2m ago`: when the current step ends, from `nowMs`. */
export function untilText(iso: string, nowMs: number): string {
  const ms = Date.parse(iso) - nowMs;
  const span = durationText(Math.abs(ms));
  return ms >= 0 ? `in ${span}` : `ended ${span} ago`;
}

/** A duration in its two largest units: 45s, 4m 10s, 2h 5m, 3d 1h. */
export function durationText(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const units: [number, string][] = [
    [86_400, 'd'],
    [3600, 'h'],
    [60, 'm'],
    [1, 's'],
  ];
  const first = units.findIndex(([size]) => s >= size);
  const [big, bigName] = units[first]!;
  const [small, smallName] = units[first + 1]!;
  const rest = Math.floor((s % big) / small);
  return rest === 0 ? `${Math.floor(s / big)}${bigName}` : `${Math.floor(s / big)}${bigName} ${rest}${smallName}`;
}

/** A difference with its sign, to `digits` significant digits: 0.021346 → "+0.02135". */
export function signed(value: number, digits = 4): string {
  const text = Number(value.toPrecision(digits)).toString();
  return value > 0 ? `+${text}` : text;
}
