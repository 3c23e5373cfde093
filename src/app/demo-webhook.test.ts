import { describe, expect, it } from 'vitest';
import { describeDelivery, startDemoWebhook } from './demo-webhook.ts';

describe('the demo webhook', () => {
  it('prints each alert notification and page it receives in one line', async () => {
    const lines: string[] = [];
    const hook = await startDemoWebhook((l) => lines.push(l));
    try {
      expect(hook.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hook$/);
      const answer = await fetch(hook.url, {
        method: 'POST',
        body: JSON.stringify({
          alerts: [
            {
              rule: 'inputs-drifted',
              state: 'firing',
              signal: 'drift.share',
              value: 0.61538,
              comparison: 'above',
              threshold: 0.3,
              deployment: 'credit-risk',
            },
          ],
        }),
      });
      expect(answer.status).toBe(200);
      await fetch(hook.url, { method: 'POST', body: 'not json' });
    } finally {
      await hook.close();
    }
    expect(lines).toEqual([
      'webhook: inputs-drifted firing: drift.share = 0.615 (above 0.3) on credit-risk',
      'webhook: a body that is not JSON',
    ]);
  });

  it('words pages and says when a body is neither', () => {
    expect(describeDelivery({ kind: 'page', person: 'ana', level: 1, schedule: 'credit-models', summary: 'inputs-drifted firing' })).toBe(
      'page to ana (level 1, credit-models): inputs-drifted firing',
    );
    expect(describeDelivery({ alerts: [] })).toBe('a delivery that is neither an alert nor a page');
    expect(describeDelivery(null)).toBe('a delivery that is neither an alert nor a page');
  });
});
