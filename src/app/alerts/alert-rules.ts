import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AlertReceiver, AlertRule, AlertRuleState } from '../../core/alerts/alert-rule.ts';
import { parseAlertRules, type AlertRulesDocument } from '../../core/alerts/parse-alert-rules.ts';
import { parseSignal } from '../../core/alerts/signals.ts';
import { canonicalJson } from '../../core/canonical-json.ts';
import { BallastError } from '../../core/errors.ts';
import { IssueCollector } from '../../core/issues.ts';
import { parseModelRef } from '../../core/model-ref.ts';
import { documentFormatOf } from '../../core/read-document-text.ts';
import { METRICS } from '../../core/performance/metric-registry.ts';
import { skewEnrichmentOf } from '../../core/features/skew-enrichment.ts';
import { roleAllows, type DeploymentRecord, type Role } from '../../core/serving-records.ts';
import type { Repositories } from '../../store/store.ts';
import { auditedTransaction } from '../audit.ts';
import type { AppContext } from '../context.ts';

/** Reads and checks a rules file (JSON for `.json`, YAML otherwise); nothing is looked up in the store yet. */
export async function readAlertRulesFile(file: string): Promise<AlertRulesDocument> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new BallastError('file_not_found', `${file}: cannot read the alert rules (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseAlertRules(text, documentFormatOf(file), path.basename(file));
}

export interface AppliedAlertRules {
  readonly rules: number;
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  /** Whether the file's receivers differ from the stored ones (and so were replaced). */
  readonly receiversChanged: boolean;
}

/**
 * Applies a rules file whole: every rule is checked against the store first (the deployment exists,
 * the signal's column, metric or KPI is one its model has, every notified receiver exists, a rollback
 * target exists), every problem reported with its path in one `invalid_alert_rules`, and nothing is
 * written unless all pass. Then the rules (and receivers) are replaced in one audited transaction,
 * the checks inside it so they hold for what is written.
 *
 * Receivers say where Ballast sends data, so only an admin may change them: an operator applies
 * files whose receivers are left out or equal to the stored ones.
 */
export async function applyAlertRules(ctx: AppContext, document: AlertRulesDocument, role: Role): Promise<AppliedAlertRules> {
  return auditedTransaction(ctx, async (tx, audit) => {
    const storedReceivers = await tx.alerts.listReceivers();
    const receiversChanged = document.receivers !== null && !sameReceivers(storedReceivers, document.receivers);
    if (receiversChanged && !roleAllows(role, 'admin'))
      throw new BallastError(
        'forbidden',
        'only an admin may change alert receivers; leave `receivers` out of the file (the stored ones stay) or ask an admin',
      );
    const receivers = document.receivers ?? storedReceivers;
    await checkAgainstStore(tx, document.rules, new Set(receivers.map((r) => r.name)));

    const before = new Map((await tx.alerts.listRules()).map((rule) => [rule.name, rule]));
    const added = document.rules.filter((r) => !before.has(r.name)).map((r) => r.name);
    const changed = document.rules
      .filter((r) => before.has(r.name) && canonicalJson(before.get(r.name)) !== canonicalJson(r))
      .map((r) => r.name);
    const removed = [...before.keys()].filter((name) => !document.rules.some((r) => r.name === name));
    await tx.alerts.replaceAll({
      receivers: receiversChanged ? document.receivers : null,
      rules: document.rules,
      notifications: document.notifications,
      actor: ctx.actor,
      at: ctx.clock().toISOString(),
    });
    // Receiver names only: their URLs may carry secrets (a Slack webhook's path is one).
    await audit({
      action: 'alerts.apply',
      objectType: 'alert_rules',
      objectId: 'rules',
      details: {
        rules: document.rules.length,
        added,
        changed,
        removed,
        receivers_changed: receiversChanged,
        receivers: receivers.map((r) => r.name),
      },
    });
    return { rules: document.rules.length, added, changed, removed, receiversChanged };
  });
}

function sameReceivers(a: readonly AlertReceiver[], b: readonly AlertReceiver[]): boolean {
  const key = (list: readonly AlertReceiver[]) => canonicalJson([...list].sort((x, y) => (x.name < y.name ? -1 : 1)));
  return key(a) === key(b);
}

/** The checks a rules file needs the store for, every problem at its rule's path. */
async function checkAgainstStore(tx: Repositories, rules: readonly AlertRule[], receivers: ReadonlySet<string>): Promise<void> {
  const issues = new IssueCollector();
  const deployments = new Map<string, DeploymentRecord | undefined>();
  for (const [i, rule] of rules.entries()) {
    const at = (...rest: (string | number)[]) => ['rules', i, ...rest];
    if (!deployments.has(rule.deployment)) deployments.set(rule.deployment, await tx.deployments.findByName(rule.deployment));
    const deployment = deployments.get(rule.deployment);
    if (deployment === undefined)
      issues.report('invalid_value', at('deployment'), `no deployment is named ${JSON.stringify(rule.deployment)}`);
    rule.notify.forEach((name, j) => {
      if (!receivers.has(name)) issues.report('invalid_value', at('notify', j), `no receiver is named ${JSON.stringify(name)}`);
    });
    if (deployment !== undefined) {
      const problem = await signalProblem(tx, deployment, rule.signal);
      if (problem !== undefined) issues.report('invalid_value', at('signal'), problem);
      if (rule.rollback !== null) {
        const missing = await rollbackTargetProblem(tx, deployment, rule.rollback.to);
        if (missing !== undefined) issues.report('invalid_value', at('rollback'), missing);
      }
    }
  }
  issues.throwIfAny('invalid_alert_rules', 'the alert rules do not fit what is deployed');
}

/**
 * Whether the signal can be read on the deployment's current version: its column is an input, its
 * metric fits the model's task, its KPI is configured. A later deploy may change this; the evaluator
 * then reads no_data, which the rule's on_no_data decides.
 */
async function signalProblem(tx: Repositories, deployment: DeploymentRecord, name: string): Promise<string | undefined> {
  const parsed = parseSignal(name);
  if ('problem' in parsed) return parsed.problem;
  const signal = parsed.signal;
  const version = await tx.versions.findById(deployment.versionId);
  if (version === undefined) return undefined;
  const current = `${deployment.modelName}:${deployment.modelVersion}`;
  if (signal.column !== undefined) {
    const inputs = version.signature.inputs.map((input) => input.name);
    if (!inputs.includes(signal.column))
      return `${current} has no input column ${JSON.stringify(signal.column)}; its inputs: ${inputs.join(', ')}`;
  }
  const task = version.signature.output.kind === 'regression' ? 'regression' : 'classification';
  if (signal.metric !== undefined && METRICS[signal.metric].task !== task)
    return `${signal.metric} is a ${METRICS[signal.metric].task} metric and ${current} is a ${task} model`;
  if (signal.family === 'calibration.ece' && task === 'regression')
    return `calibration is measured for classifiers only; ${current} is a regression model`;
  if (signal.kpi !== undefined) {
    const kpis = (deployment.config.kpis ?? []).map((kpi) => kpi.name);
    if (!kpis.includes(signal.kpi))
      return `deployment ${deployment.name} has no KPI ${JSON.stringify(signal.kpi)}; ${kpis.length === 0 ? 'it has none (ballast deploy --kpi …)' : `its KPIs: ${kpis.join(', ')}`}`;
  }
  if (signal.feature !== undefined) return skewFeatureProblem(deployment, signal.feature);
  return undefined;
}

/** features.skew.<feature>: the feature must be one the deployment enriches its requests with. */
function skewFeatureProblem(deployment: DeploymentRecord, feature: string): string | undefined {
  const enriched = skewEnrichmentOf(deployment.config)?.features.map((ref) => ref.feature) ?? [];
  if (enriched.includes(feature)) return undefined;
  return enriched.length === 0
    ? `deployment ${deployment.name} does not enrich its requests with features, so it has no train/serve skew (deploy it with --features KEY=view:feature,…)`
    : `deployment ${deployment.name} does not enrich its requests with a feature named ${JSON.stringify(feature)}; it enriches: ${enriched.join(', ')}`;
}

/**
 * A named rollback target must exist now: the alias on the deployment's model, or the referenced
 * version. `previous` is found when the rule fires (a deployment's first version has none yet).
 */
async function rollbackTargetProblem(
  tx: Repositories,
  deployment: DeploymentRecord,
  to: NonNullable<AlertRule['rollback']>['to'],
): Promise<string | undefined> {
  if (to.kind === 'previous') return undefined;
  const ref = to.kind === 'alias' ? parseModelRef(`${deployment.modelName}@${to.alias}`) : parseModelRef(to.ref);
  const model = await tx.models.findByName(ref.name);
  if (model === undefined) return `no model is named ${JSON.stringify(ref.name)}`;
  if (ref.kind === 'alias') {
    if ((await tx.aliases.find(model.id, ref.alias)) === undefined) return `model ${ref.name} has no alias ${JSON.stringify(ref.alias)}`;
  } else if (ref.kind === 'version') {
    if ((await tx.versions.find(model.id, ref.version)) === undefined) return `model ${ref.name} has no version ${ref.version}`;
  } else if ((await tx.versions.latest(model.id)) === undefined) return `model ${ref.name} has no versions`;
  return undefined;
}

export interface AlertRuleWithState {
  readonly rule: AlertRule;
  /** null until the evaluator first read the rule. */
  readonly state: AlertRuleState | null;
}

/** Every rule with its state, and the receivers (`ballast alerts list`, `GET /v1/alerts/rules`). */
export async function listAlertRules(ctx: Pick<AppContext, 'store'>): Promise<{ rules: AlertRuleWithState[]; receivers: AlertReceiver[] }> {
  const [rules, states, receivers] = await Promise.all([
    ctx.store.alerts.listRules(),
    ctx.store.alerts.listStates(),
    ctx.store.alerts.listReceivers(),
  ]);
  const byRule = new Map(states.map((state) => [state.rule, state]));
  return { rules: rules.map((rule) => ({ rule, state: byRule.get(rule.name) ?? null })), receivers };
}

/** Removes one rule and its state, audited. */
export async function deleteAlertRule(ctx: AppContext, name: string): Promise<void> {
  await auditedTransaction(ctx, async (tx, audit) => {
    const rule = await tx.alerts.findRule(name);
    if (rule === undefined) throw new BallastError('alert_rule_not_found', `no alert rule is named ${JSON.stringify(name)}`);
    await tx.alerts.deleteRule(name);
    await audit({
      action: 'alerts.delete',
      objectType: 'alert_rule',
      objectId: name,
      details: { deployment: rule.deployment, signal: rule.signal },
    });
  });
}
