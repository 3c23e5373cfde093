import type { AlertRuleWire } from '../api/alert-types.ts';
import { Chip, Link } from '../components/bits.tsx';
import { durationText, holdText, noDataText, rollbackText, rulesInOrder, severityTone, thresholdText } from './alert-wording.ts';
import { RuleStateCell } from './rule-state-cell.tsx';

/** Every rule with its condition and current state, firing ones first. */
export function RulesTable({ rules }: { rules: readonly AlertRuleWire[] }) {
  return (
    <table class="table alert-rules" data-testid="alert-rules">
      <caption class="visually-hidden">Alert rules, firing first</caption>
      <thead>
        <tr>
          <th scope="col">Rule</th>
          <th scope="col">Deployment</th>
          <th scope="col">Signal</th>
          <th scope="col">Threshold</th>
          <th scope="col">Window</th>
          <th scope="col">Severity</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {rulesInOrder(rules).map((rule) => (
          <tr key={rule.name} data-rule={rule.name}>
            <th scope="row">
              <span class="mono">{rule.name}</span>
              {rule.description !== null && <span class="rule-description">{rule.description}</span>}
              <span class="rule-meta muted">
                {holdText(rule)} · {noDataText(rule.on_no_data)}
                {rule.rollback !== null && <> · rollback {rollbackText(rule.rollback)}</>}
              </span>
            </th>
            <td>
              <Link to={{ page: 'deployment', name: rule.deployment }}>{rule.deployment}</Link>
            </td>
            <td class="mono alert-rules__signal">
              <SignalName signal={rule.signal} />
            </td>
            <td class="mono" data-testid="rule-threshold">
              {thresholdText(rule)}
            </td>
            <td class="mono">{durationText(rule.window_ms)}</td>
            <td>
              <Chip tone={severityTone(rule.severity)}>{rule.severity}</Chip>
            </td>
            <td>
              <RuleStateCell state={rule.state} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A signal name that may break after its dots only: `performance.estimated.` / `roc_auc`. */
function SignalName({ signal }: { signal: string }) {
  const parts = signal.split('.');
  return (
    <>
      {parts.map((part, i) =>
        i < parts.length - 1 ? (
          <span key={i}>
            {part}.<wbr />
          </span>
        ) : (
          <span key={i}>{part}</span>
        ),
      )}
    </>
  );
}
