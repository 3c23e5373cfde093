import type { ComponentChildren } from 'preact';
import type { Severity, ViolationPolicy } from '../api/contract-types.ts';

/**
 * A value taken from the contract's defaults (or the format's) rather than stated on the column is
 * drawn with a dashed outline, and says so to assistive technology.
 */
function RuleChip({
  tone,
  inherited,
  title,
  children,
}: {
  tone: 'bad' | 'warn';
  inherited: boolean;
  title: string;
  children: ComponentChildren;
}) {
  return (
    <span class={`chip chip--${tone}${inherited ? ' chip--inherited' : ''}`} title={inherited ? `${title} (from the defaults)` : title}>
      {children}
      {inherited && <span class="visually-hidden"> (from the defaults)</span>}
    </span>
  );
}

/** An error fails a check, a warning only reports. */
export function SeverityChip({ severity, inherited = false }: { severity: Severity; inherited?: boolean }) {
  return (
    <RuleChip tone={severity === 'error' ? 'bad' : 'warn'} inherited={inherited} title={severity}>
      {severity}
    </RuleChip>
  );
}

/** On the serving path: reject answers 422, flag serves the row and records the violation. */
export function PolicyChip({ policy, inherited = false }: { policy: ViolationPolicy; inherited?: boolean }) {
  const meaning = policy === 'reject' ? 'the request is refused (422)' : 'the row is served and the violation recorded';
  return (
    <RuleChip tone={policy === 'reject' ? 'bad' : 'warn'} inherited={inherited} title={`${policy}: ${meaning}`}>
      {policy}
    </RuleChip>
  );
}
