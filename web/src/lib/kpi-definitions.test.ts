import { describe, expect, it } from 'vitest';
import { formatKpiDefinitions } from './kpi-definitions.ts';

describe('formatKpiDefinitions', () => {
  it('spells each KPI as the deploy option does, and says none when there is none (or the server is older)', () => {
    expect(
      formatKpiDefinitions([
        { name: 'conversion_rate', event: 'conversion', aggregate: 'rate' },
        { name: 'refunds', event: 'refund', aggregate: 'sum' },
      ]),
    ).toBe('conversion_rate = rate(conversion), refunds = sum(refund)');
    expect(formatKpiDefinitions([])).toBe('none');
    expect(formatKpiDefinitions(undefined)).toBe('none');
  });
});
