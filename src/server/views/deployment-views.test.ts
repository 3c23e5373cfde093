import { describe, expect, it } from 'vitest';
import { DEFAULT_DEPLOYMENT_CONFIG } from '../../core/serving-records.ts';
import { deploymentConfigInput, deploymentConfigView } from './deployment-views.ts';

describe('deployment config on the wire', () => {
  it('is snake_case out and in, and what GET gives POST takes back unchanged', () => {
    const kpis = [{ name: 'conversion_rate', event: 'conversion', aggregate: 'rate' as const }];
    const wire = deploymentConfigView({ maxBatchSize: 32, maxDelayMs: 2, logSampleRate: 0.25, kpis });
    expect(wire).toEqual({ max_batch_size: 32, max_delay_ms: 2, log_sample_rate: 0.25, kpis, production: false });
    expect(deploymentConfigInput(wire)).toEqual({ maxBatchSize: 32, maxDelayMs: 2, logSampleRate: 0.25, kpis, production: false });
    expect(deploymentConfigView({ ...DEFAULT_DEPLOYMENT_CONFIG, production: true }).production).toBe(true);
    expect(deploymentConfigInput({ production: true })).toEqual({ production: true });
  });

  it('leaves out what the request leaves out, so the previous value stays', () => {
    expect(deploymentConfigInput({ log_sample_rate: 0.5 })).toEqual({ logSampleRate: 0.5 });
    expect(deploymentConfigInput(undefined)).toBeUndefined();
    expect(deploymentConfigView(DEFAULT_DEPLOYMENT_CONFIG)).toEqual({
      max_batch_size: 64,
      max_delay_ms: 5,
      log_sample_rate: 1,
      kpis: [],
      production: false,
    });
  });
});
