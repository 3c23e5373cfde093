import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AlertRuleState } from '../../core/alerts/alert-rule.ts';
import { parseAlertRules } from '../../core/alerts/parse-alert-rules.ts';
import { BallastError } from '../../core/errors.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { deployWithPredictions } from '../testing/deployed-predictions.ts';
import { testContext } from '../testing/test-context.ts';
import { applyAlertRules, deleteAlertRule, listAlertRules, readAlertRulesFile } from './alert-rules.ts';

const RECEIVERS = `receivers:
  - name: team
    webhook: http://127.0.0.1:9000/hook
    allow_private: true
`;

function rulesFile(rules: string, receivers = RECEIVERS): string {
  return `format: ballast.alerts/v1\n${receivers}rules:\n${rules}`;
}

const DRIFT_RULE = `  - name: inputs-drifted
    deployment: credit
    signal: drift.share
    window: 10s
    above: 0.3
    severity: page
    notify: [team]
    rollback: previous
`;

const doc = (text: string) => parseAlertRules(text, 'yaml', 'alerts.yaml');

async function setup(factory: Parameters<typeof testContext>[0]) {
  const ctx = await testContext(factory);
  await deployWithPredictions(ctx.store, 'credit', { kind: 'binary', classes: [0, 1] } as never, {});
  await deployWithPredictions(ctx.store, 'prices', { kind: 'regression' } as never, {});
  // credit's KPIs and an alias to roll back to.
  await ctx.store.db
    .updateTable('deployments')
    .set({
      config: JSON.stringify({
        maxBatchSize: 64,
        maxDelayMs: 5,
        logSampleRate: 1,
        kpis: [{ name: 'conversion', event: 'buy', aggregate: 'rate' }],
      }),
    })
    .where('name', '=', 'credit')
    .execute();
  await ctx.store.aliases.set({
    modelId: 'm-credit',
    alias: 'stable',
    versionId: 'v-credit',
    updatedBy: 't',
    updatedAt: '2026-01-01T00:00:00.000Z',
  });
  return ctx;
}

async function refusal(promise: Promise<unknown>): Promise<BallastError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BallastError);
  return error as BallastError;
}

for (const factory of storeFactories()) {
  describe(`alert rules use cases on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('applies a valid file, lists each rule with its state, and audits the change', async () => {
      const ctx = await setup(factory);
      const applied = await applyAlertRules(ctx, doc(rulesFile(DRIFT_RULE)), 'admin');
      expect(applied).toEqual({ rules: 1, added: ['inputs-drifted'], changed: [], removed: [], receiversChanged: true });
      const listed = await listAlertRules(ctx);
      expect(listed.rules.map((r) => [r.rule.name, r.state])).toEqual([['inputs-drifted', null]]);
      expect(listed.receivers.map((r) => r.name)).toEqual(['team']);
      const state: AlertRuleState = {
        rule: 'inputs-drifted',
        state: 'firing',
        since: '2026-03-01T00:00:00.000Z',
        activeSince: '2026-03-01T00:00:00.000Z',
        lastActiveAt: '2026-03-01T00:00:00.000Z',
        value: 0.5,
        noData: false,
        evaluatedAt: '2026-03-01T00:00:00.000Z',
        model: { name: 'credit', version: 1 },
      };
      await ctx.store.alerts.saveStates([state]);
      expect((await listAlertRules(ctx)).rules[0]!.state).toEqual(state);
      const audit = (await ctx.store.audit.list()).filter((e) => e.action === 'alerts.apply');
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor: 'tester', objectType: 'alert_rules' });
      expect(audit[0]!.details).toMatchObject({ added: ['inputs-drifted'], receivers_changed: true, receivers: ['team'] });
      // The audit names receivers, never their URLs (a Slack webhook's path is a secret).
      expect(JSON.stringify(audit[0]!.details)).not.toContain('127.0.0.1');
      await ctx.close();
    });

    it('refuses a file naming what does not exist, every problem with its path, and applies nothing', async () => {
      const ctx = await setup(factory);
      await applyAlertRules(ctx, doc(rulesFile(DRIFT_RULE)), 'admin');
      const bad = rulesFile(
        `  - name: ghost
    deployment: nowhere
    signal: drift.share
    window: 10s
    above: 0.3
  - name: column
    deployment: credit
    signal: drift.column.salary
    window: 10s
    above: 0.1
    rollback: alias:gold
  - name: metric
    deployment: prices
    signal: performance.realized.roc_auc
    window: 1m
    below: 0.7
    rollback: credit:9
  - name: kpi
    deployment: credit
    signal: kpi.refunds
    window: 1m
    above: 10
    rollback: nomodel@x
  - name: ece
    deployment: prices
    signal: calibration.ece
    window: 1m
    above: 0.1
  - name: estimated
    deployment: prices
    signal: performance.estimated.roc_auc
    window: 1m
    below: 0.7
`,
      );
      const error = await refusal(applyAlertRules(ctx, doc(bad), 'admin'));
      expect(error.code).toBe('invalid_alert_rules');
      const byPath = Object.fromEntries(error.issues.map((i) => [i.path.join('.'), i.message]));
      expect(byPath).toEqual({
        'rules.0.deployment': 'no deployment is named "nowhere"',
        'rules.1.signal': expect.stringMatching(/credit:1 has no input column "salary"; its inputs: x/),
        'rules.1.rollback': 'model credit has no alias "gold"',
        'rules.2.signal': 'roc_auc is a classification metric and prices:1 is a regression model',
        'rules.2.rollback': 'model credit has no version 9',
        'rules.3.signal': expect.stringMatching(/no KPI "refunds"; its KPIs: conversion/),
        'rules.3.rollback': 'no model is named "nomodel"',
        'rules.4.signal': expect.stringMatching(/classifiers only/),
        'rules.5.signal': 'roc_auc is a classification metric and prices:1 is a regression model',
      });
      expect((await listAlertRules(ctx)).rules.map((r) => r.rule.name)).toEqual(['inputs-drifted']);
      expect((await ctx.store.audit.list()).filter((e) => e.action === 'alerts.apply')).toHaveLength(1);
      await ctx.close();
    });

    it('accepts signals that fit the deployment: its column, metric, KPI, alias and versions', async () => {
      const ctx = await setup(factory);
      const good = rulesFile(`  - name: a
    deployment: credit
    signal: quality.missing.x
    window: 1m
    above: 0.2
    rollback: alias:stable
  - name: b
    deployment: credit
    signal: kpi.conversion
    window: 1m
    below: 0.01
    rollback: {to: "credit:1", dry_run: true}
  - name: c
    deployment: prices
    signal: performance.realized.rmse
    window: 1m
    above: 5
    rollback: prices
`);
      expect((await applyAlertRules(ctx, doc(good), 'admin')).rules).toBe(3);
      await ctx.close();
    });

    it('checks notify against the stored receivers when the file has none', async () => {
      const ctx = await setup(factory);
      await applyAlertRules(ctx, doc(rulesFile(DRIFT_RULE)), 'admin');
      // An operator may apply rules alone: the receivers stay.
      await applyAlertRules(ctx, doc(rulesFile(DRIFT_RULE, '')), 'operator');
      expect((await listAlertRules(ctx)).receivers.map((r) => r.name)).toEqual(['team']);
      const unknown = DRIFT_RULE.replace('notify: [team]', 'notify: [team, pager]');
      const error = await refusal(applyAlertRules(ctx, doc(rulesFile(unknown, '')), 'operator'));
      expect(error.issues).toEqual([{ code: 'invalid_value', path: ['rules', 0, 'notify', 1], message: 'no receiver is named "pager"' }]);
      await ctx.close();
    });

    it('lets only an admin change receivers; an operator may send them unchanged', async () => {
      const ctx = await setup(factory);
      const error = await refusal(applyAlertRules(ctx, doc(rulesFile(DRIFT_RULE)), 'operator'));
      expect(error.code).toBe('forbidden');
      expect((await listAlertRules(ctx)).rules).toEqual([]);
      await applyAlertRules(ctx, doc(rulesFile(DRIFT_RULE)), 'admin');
      const same = await applyAlertRules(ctx, doc(rulesFile(DRIFT_RULE)), 'operator');
      expect(same.receiversChanged).toBe(false);
      const moved = RECEIVERS.replace('9000', '9001');
      expect((await refusal(applyAlertRules(ctx, doc(rulesFile(DRIFT_RULE, moved)), 'operator'))).code).toBe('forbidden');
      expect((await listAlertRules(ctx)).receivers[0]!.url).toBe('http://127.0.0.1:9000/hook');
      await ctx.close();
    });

    it('reports what a new file adds, changes and removes', async () => {
      const ctx = await setup(factory);
      const second = DRIFT_RULE.replace('inputs-drifted', 'other');
      await applyAlertRules(ctx, doc(rulesFile(DRIFT_RULE + second)), 'admin');
      const third = DRIFT_RULE.replace('inputs-drifted', 'third');
      const applied = await applyAlertRules(ctx, doc(rulesFile(DRIFT_RULE.replace('above: 0.3', 'above: 0.4') + third)), 'admin');
      expect(applied).toMatchObject({ added: ['third'], changed: ['inputs-drifted'], removed: ['other'], receiversChanged: false });
      await ctx.close();
    });

    it('deletes a rule, audited, and says when there is none', async () => {
      const ctx = await setup(factory);
      await applyAlertRules(ctx, doc(rulesFile(DRIFT_RULE)), 'admin');
      await deleteAlertRule(ctx, 'inputs-drifted');
      expect((await listAlertRules(ctx)).rules).toEqual([]);
      expect((await ctx.store.audit.list()).filter((e) => e.action === 'alerts.delete').map((e) => e.objectId)).toEqual(['inputs-drifted']);
      expect((await refusal(deleteAlertRule(ctx, 'inputs-drifted'))).code).toBe('alert_rule_not_found');
      await ctx.close();
    });

    it('reads a rules file by its extension, and says when it cannot be read', async () => {
      const ctx = await setup(factory);
      const json = path.join(ctx.dir, 'rules.json');
      writeFileSync(json, JSON.stringify({ format: 'ballast.alerts/v1', rules: [] }));
      expect((await readAlertRulesFile(json)).rules).toEqual([]);
      expect((await refusal(readAlertRulesFile(path.join(ctx.dir, 'missing.yaml')))).code).toBe('file_not_found');
      await ctx.close();
    });
  });
}
