import { describe, expect, it } from 'vitest';
import { buildModelCard } from './build-card.ts';
import { cardHtml } from './card-html.ts';
import { bareFacts } from './testing/card-facts.ts';

describe('cardHtml', () => {
  it('is one self-contained page with a print stylesheet and every section', () => {
    const html = cardHtml(buildModelCard(bareFacts()));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<link|src=|url\(/);
    expect(html.match(/<section>/g)).toHaveLength(8);
    expect(html).toContain('<p class="missing">Missing: registered without training data');
  });

  it('escapes user text', () => {
    const facts = bareFacts();
    const html = cardHtml(
      buildModelCard({
        ...facts,
        annotations: {
          versionId: 'v1',
          intendedUse: '<img src=x onerror=alert(1)> & "q"',
          outOfScope: [],
          limitations: [],
          updatedBy: 'a',
          updatedAt: 'x',
        },
      }),
    );
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;');
    expect(html).not.toContain('<img');
  });
});
