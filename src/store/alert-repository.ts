import type { Kysely, Selectable } from 'kysely';
import type { AlertReceiver, AlertRule, AlertRuleState, AlertState, ReceiverKind } from '../core/alerts/alert-rule.ts';
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings } from '../core/alerts/parse-alert-rules.ts';
import type { AlertRuleStatesTable, Database } from './schema.ts';

/** What a rules file replaces: the rules, the file's notification settings, and (when it has them) the receivers. */
export interface AlertRulesReplacement {
  /** null: the receivers stay as stored. */
  readonly receivers: readonly AlertReceiver[] | null;
  readonly rules: readonly AlertRule[];
  readonly notifications: NotificationSettings;
  readonly actor: string;
  readonly at: string;
}

/**
 * The applied alert rules, their receivers and each rule's evaluated state (`store.alerts`).
 * Rules and receivers are replaced whole, as a rules file is applied whole; states are written by the
 * evaluator, many at a time, inside its transaction.
 */
export class AlertRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Replaces every rule (and the receivers, when given) in one transaction: the caller's, or one of
   * its own. A rule that keeps its name, deployment and signal keeps its state (a pending timer
   * survives an edit of its threshold, as in Prometheus); every other state is dropped, so a rule
   * removed and added again starts inactive.
   */
  async replaceAll(replacement: AlertRulesReplacement): Promise<void> {
    if (!this.db.isTransaction) {
      await this.db.transaction().execute((trx) => new AlertRepository(trx).replaceAll(replacement));
      return;
    }
    const before = new Map((await this.listRules()).map((rule) => [rule.name, rule]));
    const kept = replacement.rules
      .filter((rule) => {
        const old = before.get(rule.name);
        return old !== undefined && old.deployment === rule.deployment && old.signal === rule.signal;
      })
      .map((rule) => rule.name);
    let dropStates = this.db.deleteFrom('alert_rule_states');
    if (kept.length > 0) dropStates = dropStates.where('rule', 'not in', kept);
    await dropStates.execute();

    await this.db.deleteFrom('alert_rules').execute();
    for (const [position, rule] of replacement.rules.entries()) {
      await this.db
        .insertInto('alert_rules')
        .values({
          name: rule.name,
          deployment_name: rule.deployment,
          signal: rule.signal,
          position,
          rule: JSON.stringify(rule),
          updated_by: replacement.actor,
          updated_at: replacement.at,
        })
        .execute();
    }
    if (replacement.receivers !== null) {
      await this.db.deleteFrom('alert_receivers').execute();
      for (const [position, receiver] of replacement.receivers.entries()) {
        await this.db
          .insertInto('alert_receivers')
          .values({ name: receiver.name, kind: receiver.kind, url: receiver.url, allow_private: receiver.allowPrivate ? 1 : 0, position })
          .execute();
      }
    }
    const value = JSON.stringify(replacement.notifications);
    await this.db
      .insertInto('alert_settings')
      .values({ name: 'notifications', value })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
      .execute();
  }

  /** Every rule in the order of the file that applied it. */
  async listRules(): Promise<AlertRule[]> {
    const rows = await this.db.selectFrom('alert_rules').select('rule').orderBy('position').orderBy('name').execute();
    return rows.map((row) => JSON.parse(row.rule) as AlertRule);
  }

  async findRule(name: string): Promise<AlertRule | undefined> {
    const row = await this.db.selectFrom('alert_rules').select('rule').where('name', '=', name).executeTakeFirst();
    return row && (JSON.parse(row.rule) as AlertRule);
  }

  /** Removes a rule and its state; false when there was no such rule. */
  async deleteRule(name: string): Promise<boolean> {
    await this.db.deleteFrom('alert_rule_states').where('rule', '=', name).execute();
    const result = await this.db.deleteFrom('alert_rules').where('name', '=', name).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  async listReceivers(): Promise<AlertReceiver[]> {
    const rows = await this.db.selectFrom('alert_receivers').selectAll().orderBy('position').orderBy('name').execute();
    return rows.map((row) => ({ name: row.name, kind: row.kind as ReceiverKind, url: row.url, allowPrivate: row.allow_private === 1 }));
  }

  /** The rules file's `notifications` (group_wait); the defaults before any file was applied. */
  async notificationSettings(): Promise<NotificationSettings> {
    const row = await this.db.selectFrom('alert_settings').select('value').where('name', '=', 'notifications').executeTakeFirst();
    return row === undefined ? DEFAULT_NOTIFICATION_SETTINGS : (JSON.parse(row.value) as NotificationSettings);
  }

  async getState(rule: string): Promise<AlertRuleState | undefined> {
    const row = await this.db.selectFrom('alert_rule_states').selectAll().where('rule', '=', rule).executeTakeFirst();
    return row && toState(row);
  }

  /** The states of the rules that exist (a state saved for a rule deleted meanwhile is not listed). */
  async listStates(): Promise<AlertRuleState[]> {
    const rows = await this.db
      .selectFrom('alert_rule_states')
      .innerJoin('alert_rules', 'alert_rules.name', 'alert_rule_states.rule')
      .selectAll('alert_rule_states')
      .orderBy('alert_rules.position')
      .execute();
    return rows.map(toState);
  }

  /** Writes states (insert or replace per rule); call inside a transaction so one tick's states land together. */
  async saveStates(states: readonly AlertRuleState[]): Promise<void> {
    for (const state of states) {
      const row = {
        state: state.state,
        since: state.since,
        active_since: state.activeSince,
        last_active_at: state.lastActiveAt,
        value: state.value,
        no_data: state.noData ? 1 : 0,
        evaluated_at: state.evaluatedAt,
        model_name: state.model?.name ?? null,
        model_version: state.model?.version ?? null,
      };
      await this.db
        .insertInto('alert_rule_states')
        .values({ rule: state.rule, ...row })
        .onConflict((oc) => oc.column('rule').doUpdateSet(row))
        .execute();
    }
  }
}

function toState(row: Selectable<AlertRuleStatesTable>): AlertRuleState {
  return {
    rule: row.rule,
    state: row.state as AlertState,
    since: row.since,
    activeSince: row.active_since,
    lastActiveAt: row.last_active_at,
    value: row.value === null ? null : Number(row.value),
    noData: Number(row.no_data) === 1,
    evaluatedAt: row.evaluated_at,
    model: row.model_name === null || row.model_version === null ? null : { name: row.model_name, version: Number(row.model_version) },
  };
}
