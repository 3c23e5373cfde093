import { describe, expect, it } from 'vitest';
import { DEFAULT_DEPLOYMENT_CONFIG, parseDeploymentConfig, parseRole, roleAllows } from './serving-records.ts';

describe('parseDeploymentConfig', () => {
  it('fills defaults and keeps valid values', () => {
    expect(parseDeploymentConfig({})).toEqual(DEFAULT_DEPLOYMENT_CONFIG);
    expect(parseDeploymentConfig({ maxBatchSize: 8 })).toEqual({
      maxBatchSize: 8,
      maxDelayMs: DEFAULT_DEPLOYMENT_CONFIG.maxDelayMs,
      logSampleRate: 1,
    });
  });
  it('takes a log sample rate in (0, 1], logging everything by default, and keeps the base rate when none is given', () => {
    expect(DEFAULT_DEPLOYMENT_CONFIG.logSampleRate).toBe(1);
    expect(parseDeploymentConfig({ logSampleRate: 0.1 }).logSampleRate).toBe(0.1);
    expect(parseDeploymentConfig({ logSampleRate: 1 }).logSampleRate).toBe(1);
    expect(parseDeploymentConfig({ logSampleRate: Number.MIN_VALUE }).logSampleRate).toBe(Number.MIN_VALUE);
    expect(parseDeploymentConfig({ maxBatchSize: 4 }, { ...DEFAULT_DEPLOYMENT_CONFIG, logSampleRate: 0.25 }).logSampleRate).toBe(0.25);
  });
  it.each([0, -0.5, 1.01, Number.NaN, Number.POSITIVE_INFINITY, '0.5', null, true])(
    'refuses the log sample rate %s with its path',
    (bad) => {
      let caught: unknown;
      try {
        parseDeploymentConfig({ logSampleRate: bad });
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({
        code: 'invalid_argument',
        message: 'invalid deployment config: logSampleRate: must be a number greater than 0 and at most 1',
        issues: [{ path: ['logSampleRate'], message: 'must be a number greater than 0 and at most 1' }],
      });
    },
  );
  it('lists every bad field', () => {
    expect(() => parseDeploymentConfig({ maxBatchSize: 0, maxDelayMs: 1.5 })).toThrow(
      'invalid deployment config: maxBatchSize: must be a whole number from 1 to 100000 (and 1 more problem)',
    );
  });
  it('keeps the KPIs of the config before unless given; a list given replaces it whole, [] removes them', () => {
    const kpis = [{ name: 'conversion_rate', event: 'conversion', aggregate: 'rate' as const }];
    const before = parseDeploymentConfig({ kpis });
    expect(before.kpis).toEqual(kpis);
    expect(parseDeploymentConfig({ maxBatchSize: 4 }, before).kpis).toEqual(kpis);
    expect(parseDeploymentConfig({ kpis: [{ name: 'refunds', event: 'refund', aggregate: 'sum' }] }, before).kpis).toEqual([
      { name: 'refunds', event: 'refund', aggregate: 'sum' },
    ]);
    expect(parseDeploymentConfig({ kpis: [] }, before)).toEqual(DEFAULT_DEPLOYMENT_CONFIG);
    expect(() => parseDeploymentConfig({ kpis: [...kpis, { ...kpis[0], event: 'signup' }] })).toThrow(
      expect.objectContaining({
        code: 'invalid_argument',
        issues: [expect.objectContaining({ code: 'duplicate', path: ['kpis', 1, 'name'] })],
      }),
    );
  });
});

describe('roles', () => {
  it('orders metrics < viewer < reviewer < approver < operator < admin', () => {
    expect(roleAllows('approver', 'reviewer')).toBe(true);
    expect(roleAllows('reviewer', 'approver')).toBe(false);
    expect(roleAllows('approver', 'operator')).toBe(false);
    expect(roleAllows('operator', 'approver')).toBe(true);
    expect(roleAllows('reviewer', 'viewer')).toBe(true);
    expect(roleAllows('viewer', 'reviewer')).toBe(false);
    expect(roleAllows('reviewer', 'operator')).toBe(false);
    expect(roleAllows('operator', 'reviewer')).toBe(true);
    expect(roleAllows('viewer', 'metrics')).toBe(true);
    expect(roleAllows('metrics', 'metrics')).toBe(true);
    expect(roleAllows('metrics', 'viewer')).toBe(false);
    expect(roleAllows('admin', 'operator')).toBe(true);
    expect(roleAllows('operator', 'operator')).toBe(true);
    expect(roleAllows('viewer', 'operator')).toBe(false);
    expect(roleAllows('operator', 'admin')).toBe(false);
  });
  it('parses known roles only', () => {
    expect(parseRole('viewer')).toBe('viewer');
    expect(() => parseRole('root')).toThrow(/not one of metrics, viewer, reviewer, approver, operator, admin/);
  });
});

describe('a production deployment', () => {
  it('is kept from the previous config unless the request says, and stored only when true', () => {
    const production = parseDeploymentConfig({ production: true });
    expect(production.production).toBe(true);
    expect(parseDeploymentConfig({ maxBatchSize: 8 }, production).production).toBe(true);
    expect(parseDeploymentConfig({ production: false }, production)).toEqual(DEFAULT_DEPLOYMENT_CONFIG);
    expect(() => parseDeploymentConfig({ production: 'yes' })).toThrow(
      expect.objectContaining({ code: 'invalid_argument', issues: [expect.objectContaining({ path: ['production'] })] }),
    );
  });
});
