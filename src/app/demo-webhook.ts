import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DemoWebhook {
  readonly url: string;
  close(): Promise<void>;
}

/** One line for what a receiver would get: an alert notification (webhook JSON) or an on-call page. */
export function describeDelivery(body: unknown): string {
  const b = (body ?? {}) as Record<string, unknown>;
  if (b.kind === 'page') return `page to ${String(b.person)} (level ${String(b.level)}, ${String(b.schedule)}): ${String(b.summary)}`;
  const alerts = Array.isArray(b.alerts) ? (b.alerts as Record<string, unknown>[]) : [];
  if (alerts.length === 0) return 'a delivery that is neither an alert nor a page';
  return alerts
    .map((a) => {
      const value = typeof a.value === 'number' ? ` = ${Number(a.value.toPrecision(3))}` : '';
      return `${String(a.rule)} ${String(a.state)}: ${String(a.signal)}${value} (${String(a.comparison)} ${String(a.threshold)}) on ${String(a.deployment)}`;
    })
    .join('; ');
}

/**
 * A webhook receiver for the demo, on loopback: it prints what Ballast sends its `team` receiver
 * (alert notifications and on-call pages), where a team would have a chat channel or a pager.
 */
export async function startDemoWebhook(log: (line: string) => void): Promise<DemoWebhook> {
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      try {
        log(`webhook: ${describeDelivery(JSON.parse(text))}`);
      } catch {
        log('webhook: a body that is not JSON');
      }
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
