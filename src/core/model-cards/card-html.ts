import { cardOutline, type OutlineBlock } from './card-outline.ts';
import type { ModelCard } from './model-card.ts';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (text: string): string => text.replace(/[&<>"']/g, (ch) => escapes[ch]!);

/** Inline and self-contained (no script, font or image to fetch), so a saved file opens and prints offline. */
const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1f24; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; border-bottom: 1px solid #d0d7de; padding-bottom: 0.2rem; margin-top: 1.8rem; }
h3 { font-size: 1rem; margin: 1rem 0 0.4rem; }
.subtitle { color: #57606a; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.3rem 0 0.8rem; }
th, td { border: 1px solid #d0d7de; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; word-break: break-word; }
th { background: #f6f8fa; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0.3rem 0 0.8rem; }
dt { font-weight: 600; } dd { margin: 0; word-break: break-word; }
.empty { color: #57606a; font-style: italic; }
.missing { border-left: 3px solid #bf8700; background: #fff8c5; padding: 0.3rem 0.6rem; margin: 0.4rem 0; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; }
  table, dl, .missing { break-inside: avoid; }
  th { background: none; }
  @page { margin: 1.5cm; }
}`;

function block(b: OutlineBlock): string {
  const title = b.title === undefined ? '' : `<h3>${esc(b.title)}</h3>`;
  switch (b.kind) {
    case 'text':
      return `${title}<p>${esc(b.text)}</p>`;
    case 'fields':
      return `${title}<dl>${b.fields.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
    case 'list':
      return b.items.length === 0
        ? `${title}<p class="empty">${esc(b.empty)}</p>`
        : `${title}<ul>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
    case 'table':
      if (b.rows.length === 0) return `${title}<p class="empty">${esc(b.empty)}</p>`;
      return `${title}<table><thead><tr>${b.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
        .map((r) => `<tr>${r.map((cell) => `<td>${esc(cell)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
  }
}

/** The card as one self-contained, printable HTML page (print stylesheet inline, nothing fetched). */
export function cardHtml(card: ModelCard): string {
  const outline = cardOutline(card);
  const sections = outline.sections
    .map(
      (s) =>
        `<section><h2>${esc(s.title)}</h2>${s.blocks.map(block).join('\n')}${s.missing
          .map((m) => `<p class="missing">Missing: ${esc(m)}</p>`)
          .join('')}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(outline.title)}</title><style>${STYLE}</style></head>
<body><h1>${esc(outline.title)}</h1><p class="subtitle">${esc(outline.subtitle)}</p>
${sections}
</body></html>
`;
}
