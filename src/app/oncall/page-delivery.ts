import type { AlertReceiver } from '../../core/alerts/alert-rule.ts';
import { deliverRequest, type DeliveryOptions } from '../alerts/notify/deliver.ts';
import type { PageNotification, PagingDeps } from './paging.ts';

/** How long Alertmanager keeps a page active: pages are sent once, never refreshed, so its 5-minute resolve timeout must not end them. */
const ALERTMANAGER_PAGE_MS = 24 * 3_600_000;

/**
 * A page as each receiver kind takes it: the page object itself for a webhook, a line of text for a
 * Slack-compatible hook, and an alert named `BallastPage` for Alertmanager, labelled with the incident,
 * schedule, level and person so its own routing can send it on.
 */
function pageRequest(receiver: AlertReceiver, page: PageNotification, dashboardUrl: string | undefined): { url: string; body: unknown } {
  const link =
    dashboardUrl === undefined ? undefined : `${dashboardUrl.replace(/\/+$/, '')}/#/incidents/${encodeURIComponent(page.incident_id)}`;
  switch (receiver.kind) {
    case 'webhook':
      return { url: receiver.url, body: { ...page, ...(link ? { links: { incident: link } } : {}) } };
    case 'slack':
      return {
        url: receiver.url,
        body: {
          text: `:rotating_light: ${page.person}, you are paged (level ${page.level}, ${page.schedule}): ${page.summary}${link ? ` <${link}|incident>` : ''}`,
        },
      };
    case 'alertmanager':
      return {
        url: `${receiver.url.replace(/\/+$/, '')}/api/v2/alerts`,
        body: [
          {
            labels: {
              alertname: 'BallastPage',
              deployment: page.deployment,
              severity: page.severity,
              incident_id: page.incident_id,
              schedule: page.schedule,
              level: String(page.level),
              person: page.person,
            },
            annotations: { summary: page.summary, title: page.title },
            startsAt: page.at,
            endsAt: new Date(Date.parse(page.at) + ALERTMANAGER_PAGE_MS).toISOString(),
            ...(link ? { generatorURL: link } : {}),
          },
        ],
      };
  }
}

/**
 * On-call paging's `send`: the alert receiver of that name, through the same delivery as alert
 * notifications (address guard, retries, one Idempotency-Key per page). Throws when the receiver is
 * unknown or the page could not be delivered, which paging records as a failed page.
 */
export function pageSender(
  receivers: () => Promise<readonly AlertReceiver[]>,
  options: { readonly dashboardUrl?: string; readonly delivery?: DeliveryOptions } = {},
): PagingDeps['send'] {
  return async (name, page) => {
    const receiver = (await receivers()).find((r) => r.name === name);
    if (receiver === undefined) throw new Error(`no alert receiver is named "${name}" (ballast alerts apply sets receivers)`);
    const result = await deliverRequest(
      receiver,
      pageRequest(receiver, page, options.dashboardUrl),
      page.idempotency_key,
      options.delivery,
    );
    if (!result.ok) throw new Error(`paging through "${name}" failed after ${result.attempts} attempt(s): ${result.error ?? 'no answer'}`);
  };
}
