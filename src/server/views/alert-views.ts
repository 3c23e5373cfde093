import { ALERT_STATES } from '../../core/alerts/alert-rule.ts';
import { bool, int, list, modelVersionRef, nullableStr, obj, str, strings } from './wire-schema.ts';

const nullableNum = { type: ['number', 'null'] } as const;

const alertRuleStateSchema = obj({
  state: { type: 'string', enum: ALERT_STATES },
  since: nullableStr,
  value: nullableNum,
  no_data: bool,
  evaluated_at: nullableStr,
  model: { ...modelVersionRef, type: ['object', 'null'] },
});

const alertRuleSchema = obj({
  name: str,
  deployment: str,
  signal: str,
  window_ms: int,
  above: nullableNum,
  below: nullableNum,
  for_ms: int,
  keep_firing_for_ms: int,
  severity: str,
  notify: strings,
  on_no_data: str,
  description: nullableStr,
  rollback: obj({ to: str, dry_run: bool, cooldown_ms: int }, { nullable: true }),
  state: alertRuleStateSchema,
});

/** GET /v1/alerts/rules (built by core/alerts/alert-rule-wire.ts, which `ballast alerts list --json` prints too). */
export const alertRulesListSchema = obj({
  rules: list(alertRuleSchema),
  receivers: list(obj({ name: str, kind: str, url: str, allow_private: bool })),
});

/** PUT /v1/alerts/rules: what the rules file changed. */
export const alertRulesAppliedSchema = obj({ rules: int, added: strings, changed: strings, removed: strings, receivers_changed: bool });
