import { describe, expect, it } from 'vitest';
import { postmortemHtml } from './postmortem-html.ts';

describe('postmortemHtml', () => {
  it('renders headings, lists, checklists and tables, and escapes every piece of text', () => {
    const html = postmortemHtml(
      [
        '# Postmortem: <script>alert(1)</script>',
        '',
        '_Draft._ Some **bold** and `a<b>` code.',
        '- first & second',
        '- [ ] open item (ana)',
        '- [x] done "item"',
        '',
        '| Time | What |',
        '| --- | --- |',
        '| 10:00 | a \\| b <img src=x onerror=alert(1)> |',
        '',
        '[link](javascript:alert(1))',
      ].join('\n'),
      'Incident "x" <1>',
    );
    expect(html).toContain('<title>Incident &quot;x&quot; &lt;1&gt;</title>');
    expect(html).toContain('<h1>Postmortem: &lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(html).toContain('<p><em>Draft.</em> Some <strong>bold</strong> and <code>a&lt;b&gt;</code> code.</p>');
    expect(html).toContain('<ul>\n<li>first &amp; second</li>\n</ul>\n<ul class="checklist">');
    expect(html).toContain('<li><input type="checkbox" disabled> open item (ana)</li>');
    expect(html).toContain('<li><input type="checkbox" disabled checked> done &quot;item&quot;</li>');
    expect(html).toContain('<thead><tr><th>Time</th><th>What</th></tr></thead>');
    expect(html).toContain('<tr><td>10:00</td><td>a | b &lt;img src=x onerror=alert(1)&gt;</td></tr>');
    expect(html).toContain('<p>[link](javascript:alert(1))</p>');
    // Nothing the page could load or run.
    expect(html).not.toMatch(/<script|<img|<link|<a\s|<iframe|url\(/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });
});
