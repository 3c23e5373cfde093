import { describe, expect, it } from 'vitest';
import { DEFAULT_DEPLOYMENT_CONFIG, parseDeploymentConfig, parseRole, roleAllows } from './serving-records.ts';

describe('parseDeploymentConfig', () => {
  it('fills defaults and keeps valid values', () => {
    expect(parseDeploymentConfig({})).toEqual(DEFAULT_DEPLOYMENT_CONFIG);
    expect(parseDeploymentConfig({ maxBatchSize: 8 })).toEqual({ maxBatchSize: 8, maxDelayMs: DEFAULT_DEPLOYMENT_CONFIG.maxDelayMs });
  });
  it('lists every bad field', () => {
    expect(() => parseDeploymentConfig({ maxBatchSize: 0, maxDelayMs: 1.5 })).toThrow(
      'deployment config: maxBatchSize must be a whole number from 1 to 100000; maxDelayMs must be a whole number from 0 to 60000',
    );
  });
});

describe('roles', () => {
  it('orders viewer < operator < admin', () => {
    expect(roleAllows('admin', 'operator')).toBe(true);
    expect(roleAllows('operator', 'operator')).toBe(true);
    expect(roleAllows('viewer', 'operator')).toBe(false);
    expect(roleAllows('operator', 'admin')).toBe(false);
  });
  it('parses known roles only', () => {
    expect(parseRole('viewer')).toBe('viewer');
    expect(() => parseRole('root')).toThrow(/not one of viewer, operator, admin/);
  });
});
