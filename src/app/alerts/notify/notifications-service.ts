import type { AlertReceiver, AlertRule } from '../../../core/alerts/alert-rule.ts';
import type { AppContext } from '../../context.ts';
import { createNotifier, type Notifier, type NotifierLog } from './notifier.ts';

/** What the notifier reads of the alert configuration: the applied rules file (part of the rules store). */
export interface AlertNotificationSource {
  receivers(): Promise<readonly AlertReceiver[]>;
  /** The rules file's `notifications.group_wait` (10 s when it says nothing). */
  groupWaitMs(): Promise<number>;
  /** The rules whose stored state is firing. */
  firingRules(): Promise<readonly AlertRule[]>;
}

/**
 * The server's notifier: its sink is handed to the alert evaluator, and on start it sends what a
 * previous process logged but had not sent yet (a failure to do so is logged; serving goes on).
 */
export async function startNotifications(
  ctx: Pick<AppContext, 'store' | 'clock'>,
  source: AlertNotificationSource,
  options: { readonly log: NotifierLog; readonly dashboardUrl?: string },
): Promise<Notifier> {
  const notifier = createNotifier({
    receivers: () => source.receivers(),
    groupWaitMs: () => source.groupWaitMs(),
    firingRules: () => source.firingRules(),
    store: ctx.store,
    clock: ctx.clock,
    log: options.log,
    ...(options.dashboardUrl !== undefined ? { dashboardUrl: options.dashboardUrl } : {}),
  });
  await notifier.resume().catch((error: unknown) => options.log.warn(`notifications left by the last run not resumed: ${String(error)}`));
  return notifier;
}
