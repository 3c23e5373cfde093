import type { AlertReceiverWire } from '../api/alert-types.ts';
import { Chip } from '../components/bits.tsx';

/**
 * Receivers by name and kind only. Their URLs are left out on purpose: a webhook's path or query
 * often is its secret (Slack's, for one), and anyone who can read the dashboard could copy it.
 */
export function ReceiversTable({ receivers }: { receivers: readonly AlertReceiverWire[] }) {
  return (
    <table class="table" data-testid="alert-receivers">
      <caption class="visually-hidden">Receivers</caption>
      <thead>
        <tr>
          <th scope="col">Receiver</th>
          <th scope="col">Kind</th>
          <th scope="col">Private addresses</th>
        </tr>
      </thead>
      <tbody>
        {receivers.map((receiver) => (
          <tr key={receiver.name}>
            <th scope="row" class="mono">
              {receiver.name}
            </th>
            <td>{receiver.kind}</td>
            <td>{receiver.allow_private ? <Chip tone="warn">allowed</Chip> : <span class="muted">refused</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
