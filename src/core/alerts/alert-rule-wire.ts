import type { AlertReceiver, AlertRule, AlertRuleState, RollbackTarget } from './alert-rule.ts';

/**
 * Rules, states and receivers as the API and `ballast alerts list --json` send them: snake_case,
 * durations in milliseconds, times ISO-8601 (docs/alerts.md). One mapping for both, so the CLI's
 * JSON is the API's.
 */
export function alertRuleWire(rule: AlertRule, state: AlertRuleState | null) {
  return {
    name: rule.name,
    deployment: rule.deployment,
    signal: rule.signal,
    window_ms: rule.windowMs,
    above: rule.above,
    below: rule.below,
    for_ms: rule.forMs,
    keep_firing_for_ms: rule.keepFiringForMs,
    severity: rule.severity,
    notify: [...rule.notify],
    on_no_data: rule.onNoData,
    description: rule.description,
    rollback:
      rule.rollback === null
        ? null
        : { to: rollbackTargetText(rule.rollback.to), dry_run: rule.rollback.dryRun, cooldown_ms: rule.rollback.cooldownMs },
    // A rule the evaluator has not read yet is inactive since never.
    state:
      state === null
        ? { state: 'inactive', since: null, value: null, no_data: false, evaluated_at: null, model: null }
        : {
            state: state.state,
            since: state.since,
            value: state.value,
            no_data: state.noData,
            evaluated_at: state.evaluatedAt,
            model: state.model,
          },
  };
}

/** `previous`, `alias:NAME` or the model reference, as written in a rules file. */
function rollbackTargetText(to: RollbackTarget): string {
  return to.kind === 'previous' ? 'previous' : to.kind === 'alias' ? `alias:${to.alias}` : to.ref;
}

/**
 * A receiver on the wire. Its URL may hold a secret (a Slack webhook's path is its credential), so
 * callers other than admins see only where it goes: scheme, host and port.
 */
export function receiverWire(receiver: AlertReceiver, showSecrets: boolean) {
  return {
    name: receiver.name,
    kind: receiver.kind,
    url: showSecrets ? receiver.url : redactUrl(receiver.url),
    allow_private: receiver.allowPrivate,
  };
}

function redactUrl(text: string): string {
  const url = new URL(text);
  const hidden = url.pathname !== '/' || url.search !== '' || url.username !== '' || url.password !== '';
  return `${url.protocol}//${url.host}${hidden ? '/…' : ''}`;
}
