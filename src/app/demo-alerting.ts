import path from 'node:path';
import { applyAlertRules, readAlertRulesFile } from './alerts/alert-rules.ts';
import type { AppContext } from './context.ts';
import { DEMO_DEPLOYMENT } from './demo.ts';
import { applyOncallSchedules } from './oncall/oncall-schedules.ts';
import { setSlos } from './slo/slo-settings.ts';

/**
 * The demo's alerting, when no alert rule is applied yet: examples/credit/alerts.yaml with its `team`
 * receiver pointed at the demo's own webhook listener (whatever port it got), the on-call schedule of
 * examples/credit/oncall.yaml, and availability and latency objectives for the deployment. Runs again
 * do nothing, so rules a user changed stay as they are.
 */
export async function prepareDemoAlerting(
  ctx: AppContext,
  examplesDir: string,
  webhookUrl: string,
  log: (line: string) => void,
): Promise<void> {
  if ((await ctx.store.alerts.listRules()).length > 0) return;
  if ((await ctx.store.deployments.findByName(DEMO_DEPLOYMENT)) === undefined) return;
  const dir = path.join(examplesDir, 'credit');
  const document = await readAlertRulesFile(path.join(dir, 'alerts.yaml'));
  const receivers = document.receivers?.map((receiver) => (receiver.name === 'team' ? { ...receiver, url: webhookUrl } : receiver)) ?? null;
  const applied = await applyAlertRules(ctx, { ...document, receivers }, 'admin');
  log(`applied ${applied.rules} alert rules from examples/credit/alerts.yaml; the "team" receiver is this demo's webhook (${webhookUrl})`);
  await applyOncallSchedules(ctx, { file: path.join(dir, 'oncall.yaml') });
  log('applied the on-call schedule of examples/credit/oncall.yaml');
  await setSlos(
    ctx,
    DEMO_DEPLOYMENT,
    [
      { objective: 'availability', target: '99.9%' },
      { objective: 'latency<=50ms', target: '99%' },
    ],
    { replace: true },
  );
  log(`set SLOs on ${DEMO_DEPLOYMENT}: availability 99.9%, 99% of predictions within 50 ms`);
}
