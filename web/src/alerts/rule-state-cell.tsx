import type { AlertRuleStateWire } from '../api/alert-types.ts';
import { Chip, Time } from '../components/bits.tsx';
import { stateTone, valueText } from './alert-wording.ts';

/** A rule's state, since when, and the last value read (no data shown as such), with the version it was read on. */
export function RuleStateCell({ state }: { state: AlertRuleStateWire }) {
  return (
    <div class="rule-state" data-testid="rule-state" data-state={state.state}>
      <Chip tone={stateTone(state)}>{state.state}</Chip>
      {state.since !== null && (
        <span class="rule-state__since">
          since <Time iso={state.since} />
        </span>
      )}
      <span class="rule-state__value">
        {state.no_data ? (
          <Chip tone="muted" title="the signal had too few rows to read in its window">
            no data
          </Chip>
        ) : (
          <>
            last value <span class="mono">{valueText(state)}</span>
          </>
        )}
        {state.model !== null && (
          <span class="muted">
            {' '}
            on {state.model.name}:{state.model.version}
          </span>
        )}
      </span>
    </div>
  );
}
