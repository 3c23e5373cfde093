import type { TimelineEntry } from '../api/alert-types.ts';
import { Chip, Time } from '../components/bits.tsx';
import { detailText, kindStyle, timelineInOrder } from './incident-wording.ts';

/** What happened, oldest first: alert transitions with their values, deploys and rollbacks, pages, status changes and notes. */
export function IncidentTimeline({ entries }: { entries: readonly TimelineEntry[] }) {
  if (entries.length === 0) return <p class="empty">Nothing on the timeline yet.</p>;
  return (
    <ol class="timeline" data-testid="incident-timeline">
      {timelineInOrder(entries).map((entry, index) => {
        const style = kindStyle(entry.kind);
        const details = Object.entries(entry.details);
        return (
          <li key={index} class={`timeline__entry timeline__entry--${style.known ? entry.kind : 'other'}`} data-kind={entry.kind}>
            <span class="timeline__when">
              <Time iso={entry.at} />
            </span>
            <span class="timeline__body">
              <Chip tone={style.tone}>{style.label}</Chip> <span class="timeline__summary">{entry.summary}</span>
              {entry.actor !== null && <span class="muted"> · {entry.actor}</span>}
              {details.length > 0 && (
                <dl class="timeline__details">
                  {details.map(([key, value]) => (
                    <div key={key}>
                      <dt>{key}</dt>
                      <dd class="mono">{detailText(value)}</dd>
                    </div>
                  ))}
                </dl>
              )}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
