import { describe, expect, it } from 'vitest';
import { IssueCollector } from '../issues.ts';
import { isEventName, parseKpiDefinitions, parseKpiSpec } from './kpi-definitions.ts';

function parse(raw: unknown) {
  const issues = new IssueCollector();
  const kpis = parseKpiDefinitions(raw, ['kpis'], issues);
  return { kpis, issues: issues.issues.map((i) => [i.code, i.path.join('.')]) };
}

describe('KPI definitions', () => {
  it('takes well-formed definitions of each aggregate', () => {
    const raw = [
      { name: 'conversion_rate', event: 'conversion', aggregate: 'rate' },
      { name: 'refunds', event: 'refund', aggregate: 'sum' },
      { name: 'basket', event: 'purchase', aggregate: 'mean' },
    ];
    expect(parse(raw)).toEqual({ kpis: raw, issues: [] });
  });

  it('names every problem with its path: names, aggregates, unknown fields, duplicates', () => {
    expect(
      parse([
        { name: 'Conversion Rate', event: 'conversion', aggregate: 'rate' },
        { name: 'ok', event: 7, aggregate: 'median' },
        { event: 'x', aggregate: 'sum', extra: 1 },
        { name: 'a', event: 'x', aggregate: 'sum' },
        { name: 'a', event: 'y', aggregate: 'mean' },
        'rate(conversion)',
      ]).issues,
    ).toEqual([
      ['invalid_format', 'kpis.0.name'],
      ['invalid_type', 'kpis.1.event'],
      ['invalid_value', 'kpis.1.aggregate'],
      ['unrecognized_key', 'kpis.2.extra'],
      ['missing', 'kpis.2.name'],
      ['duplicate', 'kpis.4.name'],
      ['invalid_type', 'kpis.5'],
    ]);
    expect(parse({ name: 'a' }).issues).toEqual([['invalid_type', 'kpis']]);
    expect(parse(Array.from({ length: 21 }, (_, i) => ({ name: `k${i}`, event: 'e', aggregate: 'rate' }))).issues).toEqual([
      ['too_big', 'kpis'],
    ]);
  });

  it('reads the command-line form NAME=AGGREGATE(EVENT)', () => {
    expect(parseKpiSpec('conversion_rate=rate(conversion)')).toEqual({ name: 'conversion_rate', aggregate: 'rate', event: 'conversion' });
    expect(parseKpiSpec(' refunds = sum( refund ) ')).toEqual({ name: 'refunds', aggregate: 'sum', event: 'refund' });
    for (const bad of ['conversion_rate', 'rate(conversion)', 'a=rate', 'a=rate()', 'a=rate(b)(c)', 'a=b=rate(c)'])
      expect(parseKpiSpec(bad), bad).toBeUndefined();
  });

  it('accepts event names of lower-case letters, digits and underscores only', () => {
    for (const good of ['conversion', 'order_paid', 'a1']) expect(isEventName(good), good).toBe(true);
    for (const bad of ['', 'Conversion', '1st', 'order.paid', 'a'.repeat(65), 7, null]) expect(isEventName(bad), String(bad)).toBe(false);
  });
});
