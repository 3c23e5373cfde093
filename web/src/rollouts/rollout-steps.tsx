import type { ActiveRollout } from '../api/rollout-types.ts';
import { Time } from '../components/bits.tsx';
import { durationText, untilText } from './rollout-wording.ts';

/** A canary's steps in order, the current one marked with when it ends (the gate runs then). */
export function RolloutSteps({ rollout, nowMs }: { rollout: ActiveRollout; nowMs: number }) {
  return (
    <>
      <ol class="rollout-steps" data-testid="rollout-steps">
        {rollout.steps.map((weight, i) => {
          const current = i === rollout.step_index;
          const state = i < rollout.step_index ? 'done' : current ? 'current' : 'next';
          return (
            <li key={i} class={`rollout-step rollout-step--${state}`} aria-current={current ? 'step' : undefined} data-step={i}>
              <span class="rollout-step__weight">{weight}%</span>
              <span class="rollout-step__state">{state === 'done' ? 'passed' : state === 'current' ? 'now' : 'next'}</span>
            </li>
          );
        })}
      </ol>
      <p class="muted" data-testid="rollout-step-ends">
        Step {rollout.step_index + 1} of {rollout.steps.length} ({rollout.weight}% to the candidate) started{' '}
        <Time iso={rollout.step_started_at} />, lasts {durationText(rollout.step_duration_ms)} and ends{' '}
        {untilText(rollout.step_ends_at, nowMs)}
        {rollout.status === 'paused' ? ' (paused: no gate runs until it is resumed)' : ''}.
      </p>
    </>
  );
}
