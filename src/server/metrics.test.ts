import { describe, expect, it } from 'vitest';
import { ServerMetrics } from './metrics.ts';

describe('ServerMetrics', () => {
  it("reads the log's backlog at each scrape", async () => {
    const metrics = new ServerMetrics();
    expect(await metrics.registry.metrics()).toContain('ballast_log_queued_records 0');
    let queued = 42;
    metrics.watchLogQueue(() => queued);
    expect(await metrics.registry.metrics()).toContain('ballast_log_queued_records 42');
    queued = 7;
    expect(await metrics.registry.metrics()).toContain('ballast_log_queued_records 7');
  });
});
