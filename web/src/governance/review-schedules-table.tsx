import type { ReviewSchedule } from '../api/governance-types.ts';
import { Chip, ModelVersionLink, Time } from '../components/bits.tsx';
import { scheduleState } from './governance-wording.ts';

/** Periodic reviews of approved production versions: when each is due, the most overdue first (as the server orders them). */
export function ReviewSchedulesTable({ schedules }: { schedules: readonly ReviewSchedule[] }) {
  return (
    <table class="table" data-testid="review-schedules">
      <caption class="visually-hidden">Periodic reviews of approved production versions</caption>
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Approved</th>
          <th scope="col" class="num">
            Every
          </th>
          <th scope="col">Last review</th>
          <th scope="col">Due</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {schedules.map((s) => {
          const state = scheduleState(s);
          return (
            <tr key={s.approval_id} data-schedule={`${s.model.name}:${s.model.version}`}>
              <td>
                <ModelVersionLink name={s.model.name} version={s.model.version} />
              </td>
              <td>
                <Time iso={s.approved_at} />
              </td>
              <td class="num">{s.review_every_days} d</td>
              <td>
                {s.last_review ? (
                  <>
                    {s.last_review.decision} by {s.last_review.reviewer}, <Time iso={s.last_review.at} />
                  </>
                ) : (
                  <span class="muted">never</span>
                )}
              </td>
              <td>{s.due_at ? <Time iso={s.due_at} /> : <span class="muted">—</span>}</td>
              <td>
                <Chip tone={state.tone}>{state.text}</Chip>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
