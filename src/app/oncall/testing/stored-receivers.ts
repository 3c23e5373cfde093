import { DEFAULT_NOTIFICATION_SETTINGS } from '../../../core/alerts/parse-alert-rules.ts';
import type { Store } from '../../../store/store.ts';

/**
 * Stores alert receivers of these names (webhooks on 127.0.0.1, as an admin's rules file would set
 * them, with no rules): on-call schedules may only name receivers that are stored.
 */
export function storeReceivers(store: Store, ...names: string[]): Promise<void> {
  return store.alerts.replaceAll({
    receivers: names.map((name) => ({ name, kind: 'webhook', url: `http://127.0.0.1:9/${name}`, allowPrivate: true })),
    rules: [],
    notifications: DEFAULT_NOTIFICATION_SETTINGS,
    actor: 'admin',
    at: '2026-11-01T00:00:00.000Z',
  });
}
