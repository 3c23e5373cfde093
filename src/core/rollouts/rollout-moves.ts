import { BallastError } from '../errors.ts';
import type { DeploymentRouting, KeptVersion, RolloutState, RolloutStatus } from './deployment-routing.ts';
import type { RolloutOutcome } from './rollout-record.ts';

/** What an operator can do to an active rollout (a subcommand of `rollout` in the CLI, `POST …/rollout/{verb}` on the API). */
export const ROLLOUT_VERBS = ['pause', 'resume', 'promote', 'abort', 'switch', 'rollback'] as const;
export type RolloutVerb = (typeof ROLLOUT_VERBS)[number];

/**
 * Which verbs fit a status. Blue/green is never paused (nothing moves gradually) and a switched one
 * is not aborted: green is stable then, so going back is `rollback`, and keeping green is `promote`.
 */
const VERBS_BY_STATUS: Record<RolloutStatus, readonly RolloutVerb[]> = {
  progressing: ['pause', 'promote', 'abort'],
  paused: ['resume', 'promote', 'abort'],
  ready: ['switch', 'abort'],
  switched: ['rollback', 'promote'],
};

export function verbsFitting(rollout: RolloutState): readonly RolloutVerb[] {
  return VERBS_BY_STATUS[rollout.status];
}

/** The deployment as a move reads it: its stable version and its routing. */
export interface RoutedDeployment {
  readonly name: string;
  readonly versionId: string;
  readonly routing: DeploymentRouting;
}

/** One change of a rollout: the stable version from now on (absent: unchanged), the routing, and the outcome when it ends the rollout. */
export interface RolloutMove {
  readonly versionId?: string;
  readonly routing: DeploymentRouting;
  /** Set when the move ends the rollout. */
  readonly outcome?: RolloutOutcome;
}

/** The active rollout, or `rollout_not_found`. */
export function activeRollout(deployment: RoutedDeployment): RolloutState {
  const rollout = deployment.routing.rollout;
  if (rollout === undefined) throw new BallastError('rollout_not_found', `deployment "${deployment.name}" has no active rollout`);
  return rollout;
}

/**
 * What `verb` does to the deployment's rollout at `now` (ISO), or why it cannot:
 * - pause: the weight holds, no gate runs; resume: the current step starts again (the gate reads a
 *   whole step of traffic after the pause);
 * - promote: the candidate becomes the stable version, the rollout ends (`promoted`);
 * - abort: all traffic to stable at once, the rollout ends (`aborted`);
 * - switch (blue/green `ready`): green becomes the stable version; blue is kept loaded until
 *   now + keepPrevious so a rollback is instant;
 * - rollback (blue/green `switched`): blue is the stable version again, the rollout ends (`rolled_back`).
 */
export function rolloutMove(deployment: RoutedDeployment, verb: RolloutVerb, now: string): RolloutMove {
  const rollout = activeRollout(deployment);
  const fitting = verbsFitting(rollout);
  if (!fitting.includes(verb))
    throw new BallastError(
      'rollout_state_conflict',
      `cannot ${verb} the ${rollout.strategy} rollout of "${deployment.name}": it is ${rollout.status}; what fits now: ${fitting.join(', ')}`,
    );
  const routing = deployment.routing;
  switch (verb) {
    case 'pause':
      return { routing: { ...routing, rollout: { ...rollout, status: 'paused' } } };
    case 'resume':
      return { routing: { ...routing, rollout: { ...rollout, status: 'progressing', stepStartedAt: now } } };
    case 'promote':
      return {
        versionId: rollout.candidateVersionId,
        routing: withoutRollout(routing, rollout.previousVersionId),
        outcome: 'promoted',
      };
    case 'abort':
      return { routing: withoutRollout(routing, null), outcome: 'aborted' };
    case 'switch': {
      const until = new Date(Date.parse(now) + rollout.keepPreviousMs).toISOString();
      const kept: KeptVersion[] = [
        ...(routing.keepLoaded ?? []).filter((k) => k.versionId !== deployment.versionId),
        { versionId: deployment.versionId, until },
      ];
      return {
        versionId: rollout.candidateVersionId,
        routing: {
          ...routing,
          keepLoaded: kept,
          rollout: { ...rollout, status: 'switched', switchedAt: now, previousVersionId: deployment.versionId },
        },
      };
    }
    case 'rollback':
      return { versionId: rollout.previousVersionId!, routing: withoutRollout(routing, rollout.previousVersionId), outcome: 'rolled_back' };
  }
}

/**
 * The controller's step forward (rollout-actions.ts): a canary moves to its next step (weight =
 * steps[i+1], the step starts now), and after its last step is promoted. An A/B test holds its split:
 * a step's end only starts the next gate window (an A/B test ends by promote or abort, never by time).
 */
export function advanceMove(deployment: RoutedDeployment, now: string): RolloutMove {
  const rollout = activeRollout(deployment);
  if (rollout.status !== 'progressing')
    throw new BallastError(
      'rollout_state_conflict',
      `cannot advance the rollout of "${deployment.name}": it is ${rollout.status}, not progressing`,
    );
  if (rollout.strategy === 'ab') return { routing: { ...deployment.routing, rollout: { ...rollout, stepStartedAt: now } } };
  const next = rollout.stepIndex + 1;
  if (next >= rollout.steps.length)
    return { versionId: rollout.candidateVersionId, routing: withoutRollout(deployment.routing, null), outcome: 'promoted' };
  return { routing: { ...deployment.routing, rollout: { ...rollout, stepIndex: next, weight: rollout.steps[next]!, stepStartedAt: now } } };
}

/** Blue/green after switch once keep-previous has passed: green stays, blue is let go (`finished`). */
export function finishMove(deployment: RoutedDeployment, now: string): RolloutMove {
  const rollout = activeRollout(deployment);
  if (rollout.status !== 'switched')
    throw new BallastError(
      'rollout_state_conflict',
      `cannot finish the rollout of "${deployment.name}": it is ${rollout.status}, not switched`,
    );
  const ends = Date.parse(rollout.switchedAt!) + rollout.keepPreviousMs;
  if (Date.parse(now) < ends)
    throw new BallastError(
      'rollout_state_conflict',
      `cannot finish the rollout of "${deployment.name}" before ${new Date(ends).toISOString()}: blue is kept loaded until then for a rollback`,
    );
  return { routing: withoutRollout(deployment.routing, rollout.previousVersionId), outcome: 'finished' };
}

/** The routing with the rollout gone, and with `release` (blue, no longer needed for a rollback) no longer kept loaded. */
function withoutRollout(routing: DeploymentRouting, release: string | null): DeploymentRouting {
  const { rollout: _ended, keepLoaded, ...rest } = routing;
  const kept = (keepLoaded ?? []).filter((k) => k.versionId !== release);
  return kept.length > 0 ? { ...rest, keepLoaded: kept } : rest;
}
