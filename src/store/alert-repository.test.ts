import { afterAll, describe, expect, it } from 'vitest';
import { alertReceiver, alertRule } from '../core/alerts/testing/alert-builders.ts';
import type { AlertReceiver, AlertRule, AlertRuleState, SignalReading } from '../core/alerts/alert-rule.ts';
import { stepAlertState } from '../core/alerts/alert-state-machine.ts';
import { DEFAULT_NOTIFICATION_SETTINGS } from '../core/alerts/parse-alert-rules.ts';
import { storeFactories } from './testing/test-stores.ts';

const AT = '2026-03-01T00:00:00.000Z';

/** A rule with every optional field set, so a column the store forgets shows. */
function rule(name: string, fields: Partial<AlertRule> = {}): AlertRule {
  return alertRule({
    name,
    deployment: 'credit-risk',
    keepFiringForMs: 60_000,
    notify: ['team'],
    rollback: { to: { kind: 'alias', alias: 'stable' }, dryRun: true, cooldownMs: 1_800_000 },
    description: 'inputs drifted',
    ...fields,
  });
}

const team = alertReceiver();
const am = alertReceiver({ name: 'am', kind: 'alertmanager', url: 'https://am.example.com', allowPrivate: false });

function state(name: string, fields: Partial<AlertRuleState> = {}): AlertRuleState {
  return {
    rule: name,
    state: 'pending',
    since: AT,
    activeSince: AT,
    lastActiveAt: AT,
    value: 0.42,
    noData: false,
    evaluatedAt: AT,
    model: { name: 'credit', version: 3 },
    ...fields,
  };
}

const replacement = (rules: AlertRule[], receivers: AlertReceiver[] | null = [team, am]) => ({
  receivers,
  rules,
  notifications: { groupWaitMs: 5000 },
  actor: 'alice',
  at: AT,
});

for (const factory of storeFactories()) {
  describe(`alert repository on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('starts empty, with the default notification settings', async () => {
      const store = await factory.create();
      expect(await store.alerts.listRules()).toEqual([]);
      expect(await store.alerts.listReceivers()).toEqual([]);
      expect(await store.alerts.listStates()).toEqual([]);
      expect(await store.alerts.notificationSettings()).toEqual(DEFAULT_NOTIFICATION_SETTINGS);
      await store.close();
    });

    it('stores rules and receivers whole, in file order, and reads them back equal', async () => {
      const store = await factory.create();
      const rules = [rule('z-first'), rule('a-second', { rollback: null, above: null, below: 0.8, signal: 'kpi.conversion_rate' })];
      await store.alerts.replaceAll(replacement(rules));
      expect(await store.alerts.listRules()).toEqual(rules);
      expect(await store.alerts.listReceivers()).toEqual([team, am]);
      expect(await store.alerts.findRule('a-second')).toEqual(rules[1]);
      expect(await store.alerts.findRule('nope')).toBeUndefined();
      expect(await store.alerts.notificationSettings()).toEqual({ groupWaitMs: 5000 });
      await store.close();
    });

    it('keeps the receivers when a replacement has none, and replaces them when it has', async () => {
      const store = await factory.create();
      await store.alerts.replaceAll(replacement([rule('r')]));
      await store.alerts.replaceAll(replacement([rule('r')], null));
      expect(await store.alerts.listReceivers()).toEqual([team, am]);
      await store.alerts.replaceAll(replacement([rule('r')], [am]));
      expect(await store.alerts.listReceivers()).toEqual([am]);
      await store.close();
    });

    it('saves states many at a time (insert, then replace) and reads them back equal', async () => {
      const store = await factory.create();
      await store.alerts.replaceAll(replacement([rule('a'), rule('b')]));
      const noData = state('b', {
        state: 'inactive',
        value: null,
        noData: true,
        activeSince: null,
        lastActiveAt: null,
        evaluatedAt: null,
        model: null,
      });
      await store.transaction((tx) => tx.alerts.saveStates([state('a'), noData]));
      expect(await store.alerts.listStates()).toEqual([state('a'), noData]);
      const firing = state('a', { state: 'firing', since: '2026-03-01T00:00:30.000Z', value: 0.5 });
      await store.alerts.saveStates([firing]);
      expect(await store.alerts.getState('a')).toEqual(firing);
      expect(await store.alerts.getState('zzz')).toBeUndefined();
      await store.close();
    });

    it('keeps the state of a rule whose deployment and signal stay, drops the others on replace', async () => {
      const store = await factory.create();
      await store.alerts.replaceAll(replacement([rule('same'), rule('moved'), rule('resignalled'), rule('removed')]));
      await store.alerts.saveStates(['same', 'moved', 'resignalled', 'removed'].map((n) => state(n)));
      await store.alerts.replaceAll(
        replacement([
          rule('same', { above: 0.9, forMs: 5000 }),
          rule('moved', { deployment: 'other' }),
          rule('resignalled', { signal: 'errors.rate' }),
        ]),
      );
      expect((await store.alerts.listStates()).map((s) => s.rule)).toEqual(['same']);
      // A rule added again later starts without the state it had before.
      await store.alerts.replaceAll(replacement([rule('same'), rule('removed')]));
      expect(await store.alerts.getState('removed')).toBeUndefined();
      await store.close();
    });

    it('lists only the states of rules that exist', async () => {
      const store = await factory.create();
      await store.alerts.replaceAll(replacement([rule('a')]));
      await store.alerts.saveStates([state('a'), state('ghost')]);
      expect((await store.alerts.listStates()).map((s) => s.rule)).toEqual(['a']);
      await store.close();
    });

    it('deletes a rule with its state', async () => {
      const store = await factory.create();
      await store.alerts.replaceAll(replacement([rule('a'), rule('b')]));
      await store.alerts.saveStates([state('a')]);
      expect(await store.alerts.deleteRule('a')).toBe(true);
      expect(await store.alerts.deleteRule('a')).toBe(false);
      expect((await store.alerts.listRules()).map((r) => r.name)).toEqual(['b']);
      expect(await store.alerts.getState('a')).toBeUndefined();
      await store.close();
    });

    it('gives back every state the state machine makes exactly, so a restarted evaluator resumes where it stopped', async () => {
      const store = await factory.create();
      const r = rule('r', { forMs: 30_000, keepFiringForMs: 30_000, onNoData: 'ok' });
      await store.alerts.replaceAll(replacement([r]));
      const reading = (value: number | null): SignalReading =>
        value === null
          ? { kind: 'no_data', reason: 'too few rows', model: null }
          : { kind: 'value', value, rows: 10, start: AT, end: AT, model: { name: 'credit', version: 3 } };
      const script = [0.1, 0.35, 1 / 3 + 0.1, 0.5, 0.2, null, 0.2, 0.9, 0.1];
      let memory: AlertRuleState | undefined;
      const seen = new Set<string>();
      for (const [i, value] of script.entries()) {
        const now = new Date(Date.parse(AT) + i * 15_000);
        // The evaluator as it runs after a restart at every tick: the state read back from the store.
        const stored = await store.alerts.getState('r');
        const fromStore = stepAlertState(r, stored, reading(value), now);
        const fromMemory = stepAlertState(r, memory, reading(value), now);
        expect(fromStore).toEqual(fromMemory);
        await store.transaction((tx) => tx.alerts.saveStates([fromStore.state]));
        memory = fromMemory.state;
        seen.add(fromStore.state.state);
      }
      expect(seen).toEqual(new Set(['inactive', 'pending', 'firing']));
      await store.close();
    });

    it('replaces all or nothing: a failing replacement leaves the rules, receivers and states as they were', async () => {
      const store = await factory.create();
      await store.alerts.replaceAll(replacement([rule('a')]));
      await store.alerts.saveStates([state('a')]);
      // Two rules of one name break the primary key half-way through the writes.
      await expect(store.alerts.replaceAll(replacement([rule('b'), rule('b')], [am]))).rejects.toThrow();
      expect((await store.alerts.listRules()).map((r) => r.name)).toEqual(['a']);
      expect(await store.alerts.listReceivers()).toEqual([team, am]);
      expect(await store.alerts.getState('a')).toEqual(state('a'));
      await store.close();
    });
  });
}
