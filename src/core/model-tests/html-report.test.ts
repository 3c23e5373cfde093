import { describe, expect, it } from 'vitest';
import { testRunHtml } from './html-report.ts';
import { sampleRun } from './testing/sample-run.ts';

describe('testRunHtml', () => {
  const html = testRunHtml(sampleRun());

  it('is one self-contained page: inline style, no script, no external resource', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link|src=|href=|url\(/i);
  });

  it('escapes every value that comes from the suite, the data or an evaluator', () => {
    expect(html).not.toContain('<gate>');
    expect(html).toContain('credit &lt;gate&gt; &amp; &quot;co&quot;');
    expect(html).toContain('M&lt;script&gt;');
    expect(html).toContain('0.05 &lt;b&gt;');
  });

  it('shows each check with values, bounds, intervals, the by-group table and the worst slices', () => {
    expect(html).toContain('✗ Failed');
    expect(html).toContain('1 of 3 checks passed, 1 failed, 1 warning');
    expect(html).toMatch(
      /<td>demographic_parity_difference<\/td><td class="num">0.12<\/td><td>≤ 0.05<\/td><td class="num">\[0.09, 0.15\]<\/td>/,
    );
    expect(html).toMatch(/<td>equalized_odds_ratio<\/td><td class="num">–<\/td>/);
    expect(html).toMatch(/<th class="num">selection_rate<\/th><th class="num">count<\/th>/);
    expect(html).toMatch(/<td>F<\/td><td class="num">0.31<\/td><td class="num">2400<\/td>/);
    expect(html).toMatch(
      /<td>purpose<\/td><td>car<\/td><td class="num">300<\/td><td class="num">0.83<\/td><td class="num">0.08<\/td><td class="num">\[0.06, 0.1\]<\/td><td>failed<\/td>/,
    );
  });
});
