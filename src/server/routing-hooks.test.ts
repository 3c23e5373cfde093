import { describe, expect, it } from 'vitest';
import type { DeploymentRecord } from '../core/serving-records.ts';
import { ServerMetrics } from './metrics.ts';
import { routingHooks } from './routing-hooks.ts';

describe('routingHooks', () => {
  it('counts rows routed at random for want of a sticky key, and logs a routing that could not load', async () => {
    const metrics = new ServerMetrics();
    const warnings: string[] = [];
    const hooks = routingHooks(metrics, (_details, message) => warnings.push(message));
    hooks.onStickyKeyMissing!('credit', 3);
    hooks.onStickyKeyMissing!('credit', 1);
    hooks.onRoutingUnavailable!({ name: 'credit', revision: 4 } as DeploymentRecord, new Error('no'));
    expect(await metrics.registry.metrics()).toContain('ballast_sticky_key_missing_total{deployment="credit"} 4');
    expect(warnings).toEqual([
      'revision 4 of "credit" routes to a version that could not be loaded here; its previous routing keeps serving',
    ]);
  });
});
