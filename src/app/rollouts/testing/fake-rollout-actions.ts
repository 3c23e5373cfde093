import { BallastError } from '../../../core/errors.ts';
import type { RolloutState } from '../../../core/rollouts/deployment-routing.ts';
import { changeRouting } from '../../routing-change.ts';
import type { RolloutActions } from '../rollout-controller.ts';

/**
 * Stand-ins for the control plane's rollout verbs, with the behaviour the controller relies on: each one
 * `changeRouting` that refuses (`conflict`) when the rollout is not the one expected. Every call is
 * recorded, so a test can see what the controller asked for and with which reason.
 */
export function fakeRolloutActions(): RolloutActions & { readonly calls: { verb: string; name: string; details: unknown }[] } {
  const calls: { verb: string; name: string; details: unknown }[] = [];
  const expect = (rollout: RolloutState | undefined, rolloutId: string | undefined, stepIndex?: number): RolloutState => {
    if (
      rollout === undefined ||
      (rolloutId !== undefined && rollout.id !== rolloutId) ||
      (stepIndex !== undefined && rollout.stepIndex !== stepIndex)
    )
      throw new BallastError('conflict', 'the rollout changed');
    return rollout;
  };
  return {
    calls,
    async advanceRollout(ctx, name, expected, loader) {
      calls.push({ verb: 'advance', name, details: expected });
      await changeRouting(
        ctx,
        name,
        (current) => {
          const rollout = expect(current.routing.rollout, expected.rolloutId, expected.stepIndex);
          const next = rollout.stepIndex + 1;
          if (next >= rollout.steps.length) {
            const { rollout: _ended, ...rest } = current.routing;
            return { versionId: rollout.candidateVersionId, routing: rest, action: 'rollout.promote', details: {} };
          }
          const routing = {
            ...current.routing,
            rollout: { ...rollout, stepIndex: next, weight: rollout.steps[next]!, stepStartedAt: ctx.clock().toISOString() },
          };
          return { routing, action: 'rollout.advance', details: {} };
        },
        loader,
      );
    },
    async abortRollout(ctx, name, abort, loader) {
      calls.push({ verb: 'abort', name, details: abort });
      await changeRouting(
        ctx,
        name,
        (current) => {
          expect(current.routing.rollout, abort.rolloutId);
          const { rollout: _ended, ...rest } = current.routing;
          return { routing: rest, action: 'rollout.abort', details: { reason: abort.reason } };
        },
        loader,
      );
    },
    async finishRollout(ctx, name, finish, loader) {
      calls.push({ verb: 'finish', name, details: finish });
      await changeRouting(
        ctx,
        name,
        (current) => {
          expect(current.routing.rollout, finish.rolloutId);
          const { rollout: _ended, keepLoaded: _kept, ...rest } = current.routing;
          return { routing: rest, action: 'rollout.finish', details: {} };
        },
        loader,
      );
    },
  };
}
