import type { RolloutHistoryEntry } from '../api/rollout-types.ts';
import { Chip, ModelVersionLink, Time } from '../components/bits.tsx';
import { Empty } from '../components/status.tsx';
import { STRATEGY_LABELS } from './rollout-wording.ts';

const OUTCOME_TONE = { promoted: 'good', finished: 'good', aborted: 'bad', rolled_back: 'warn' } as const;

/** Every rollout the deployment has had, newest first, with how it ended and why. */
export function RolloutHistory({ history }: { history: readonly RolloutHistoryEntry[] }) {
  if (history.length === 0) return <Empty>No rollouts yet.</Empty>;
  return (
    <table class="table" data-testid="rollout-history">
      <caption class="visually-hidden">Rollouts of this deployment, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Started</th>
          <th scope="col">Strategy</th>
          <th scope="col">From</th>
          <th scope="col">To</th>
          <th scope="col">Outcome</th>
          <th scope="col">Reason</th>
          <th scope="col">Ended</th>
        </tr>
      </thead>
      <tbody>
        {[...history]
          .sort((a, b) => (a.started_at < b.started_at ? 1 : a.started_at > b.started_at ? -1 : 0))
          .map((entry) => (
            <tr key={entry.id} data-rollout={entry.id}>
              <td>
                <Time iso={entry.started_at} /> by {entry.started_by}
              </td>
              <td>{STRATEGY_LABELS[entry.strategy]}</td>
              <td>
                <ModelVersionLink name={entry.stable.name} version={entry.stable.version} />
              </td>
              <td>
                <ModelVersionLink name={entry.candidate.name} version={entry.candidate.version} />
              </td>
              <td>
                {entry.outcome === null ? (
                  <Chip tone="accent">running</Chip>
                ) : (
                  <Chip tone={OUTCOME_TONE[entry.outcome]}>{entry.outcome.replace('_', ' ')}</Chip>
                )}
              </td>
              <td class="wrap">{entry.reason ?? ''}</td>
              <td>
                {entry.ended_at && (
                  <>
                    <Time iso={entry.ended_at} /> by {entry.ended_by}
                  </>
                )}
              </td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}
