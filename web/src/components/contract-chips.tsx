import type { Severity, ViolationPolicy } from '../api/contract-types.ts';
import { Chip } from './bits.tsx';

/** An error fails a check, a warning only reports; `inherited` marks a value taken from the defaults. */
export function SeverityChip({ severity, inherited = false }: { severity: Severity; inherited?: boolean }) {
  return (
    <Chip tone={severity === 'error' ? 'bad' : 'warn'} title={inherited ? `${severity} (from the defaults)` : severity}>
      {severity}{inherited && <span class="chip__note"> default</span>}
    </Chip>
  );
}

/** On the serving path: reject answers 422, flag serves the row and records the violation. */
export function PolicyChip({ policy, inherited = false }: { policy: ViolationPolicy; inherited?: boolean }) {
  const meaning = policy === 'reject' ? 'the request is refused (422)' : 'the row is served and the violation recorded';
  return (
    <Chip tone={policy === 'reject' ? 'bad' : 'warn'} title={`${policy}: ${meaning}${inherited ? ' (from the defaults)' : ''}`}>
      {policy}{inherited && <span class="chip__note"> default</span>}
    </Chip>
  );
}
