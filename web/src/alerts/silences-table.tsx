import type { AlertSilence } from '../api/alert-types.ts';
import { Chip, Time } from '../components/bits.tsx';

/** Silences, active ones first: which rule, why, who, and for how long. */
export function SilencesTable({ silences }: { silences: readonly AlertSilence[] }) {
  const ordered = [...silences].sort((a, b) => Number(b.active) - Number(a.active) || b.ends_at.localeCompare(a.ends_at));
  return (
    <table class="table" data-testid="alert-silences">
      <caption class="visually-hidden">Silences, active first</caption>
      <thead>
        <tr>
          <th scope="col">Rule</th>
          <th scope="col">Reason</th>
          <th scope="col">By</th>
          <th scope="col">From</th>
          <th scope="col">Until</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {ordered.map((silence) => (
          <tr key={silence.id}>
            <th scope="row" class="mono">
              {silence.rule}
            </th>
            <td>{silence.reason}</td>
            <td>{silence.created_by}</td>
            <td>
              <Time iso={silence.starts_at} />
            </td>
            <td>
              <Time iso={silence.ends_at} />
            </td>
            <td>{silence.active ? <Chip tone="warn">active</Chip> : <Chip tone="muted">expired</Chip>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
