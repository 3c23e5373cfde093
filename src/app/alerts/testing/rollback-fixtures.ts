import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_ROLLBACK_COOLDOWN_MS, type AlertRule, type AlertTransition, type RollbackSpec } from '../../../core/alerts/alert-rule.ts';
import { alertRule, alertTransition, valueReadingAt } from '../../../core/alerts/testing/alert-builders.ts';
import type { AppContext } from '../../context.ts';
import { deploy } from '../../deployments.ts';
import { registerModel } from '../../register-model.ts';
import { EXAMPLES } from '../../testing/test-context.ts';

/**
 * The example's first 300 training rows, written under `dir`: a snapshot to smoke-test with that
 * registers (and profiles) in a fraction of the time of all 20,000.
 */
export function smallTrainingFile(dir: string): string {
  const file = path.join(dir, 'train-head.csv');
  writeFileSync(file, readFileSync(path.join(EXAMPLES, 'train.csv'), 'utf8').split('\n').slice(0, 301).join('\n') + '\n');
  return file;
}

/**
 * `credit:1` (XGBoost) and `credit:2` (LightGBM), both with a training snapshot, and the deployment
 * `credit-risk` moved from the first to the second (revision 2): `previous` is credit:1.
 */
export async function twoVersionDeployment(ctx: AppContext): Promise<void> {
  const trainingData = smallTrainingFile(ctx.dataDir);
  for (const file of ['model.xgb.json', 'model.lgb.txt'])
    await registerModel(ctx, {
      name: 'credit',
      modelFile: path.join(EXAMPLES, file),
      trainingData,
      labelColumn: 'default',
      importance: false,
    });
  await deploy(ctx, { name: 'credit-risk', model: 'credit:1' });
  await deploy(ctx, { name: 'credit-risk', model: 'credit:2' });
}

/** A rule of `credit-risk` on drift.share above 0.3 that rolls back to `previous` unless told otherwise. */
export function rollbackRule(overrides: Partial<AlertRule> = {}, rollback: Partial<RollbackSpec> = {}): AlertRule {
  return alertRule({
    deployment: 'credit-risk',
    keepFiringForMs: 60_000,
    rollback: { to: { kind: 'previous' }, dryRun: false, cooldownMs: DEFAULT_ROLLBACK_COOLDOWN_MS, ...rollback },
    ...overrides,
  });
}

/** The rule going from pending to firing on a reading of `value` on 500 rows taken on `credit:version`. */
export function firing(rule: AlertRule, value = 0.42, version = 2, at = '2026-11-25T12:00:00.000Z'): AlertTransition {
  return alertTransition(rule, { at, reading: valueReadingAt(value, at, { rows: 500, version }) });
}
