import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SIGNAL_CATALOGUE } from './signals.ts';

const doc = readFileSync(new URL('../../../docs/alerts.md', import.meta.url), 'utf8');

describe('docs/alerts.md', () => {
  it('has the signals table of the catalogue, row for row', () => {
    const rows = doc
      .split('\n')
      .filter((line) =>
        /^\| `(drift|quality|contract|performance|calibration|kpi|latency|errors|predictions|log|reviews|governance|slo|features)\./.test(
          line,
        ),
      );
    expect(rows).toEqual(SIGNAL_CATALOGUE.map((s) => `| \`${s.pattern.replaceAll('|', '\\|')}\` | ${s.unit} | ${s.description} |`));
  });
});
