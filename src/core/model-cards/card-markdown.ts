import { cardOutline, type OutlineBlock } from './card-outline.ts';
import type { ModelCard } from './model-card.ts';

/** Escapes what Markdown would read as table separators or markup in a cell or line of text. */
function md(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/([*_`<>[\]])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

function block(b: OutlineBlock): string[] {
  switch (b.kind) {
    case 'text':
      return [md(b.text), ''];
    case 'fields':
      return [...b.fields.map(([k, v]) => `- **${md(k)}**: ${md(v)}`), ''];
    case 'list':
      return b.items.length === 0 ? [`_${md(b.empty)}_`, ''] : [...b.items.map((i) => `- ${md(i)}`), ''];
    case 'table':
      if (b.rows.length === 0) return [`_${md(b.empty)}_`, ''];
      return [
        `| ${b.header.map(md).join(' | ')} |`,
        `| ${b.header.map(() => '---').join(' | ')} |`,
        ...b.rows.map((r) => `| ${r.map(md).join(' | ')} |`),
        '',
      ];
  }
}

/** The card as Markdown (GitHub flavour): the same outline as the HTML form, one heading per section. */
export function cardMarkdown(card: ModelCard): string {
  const outline = cardOutline(card);
  const lines = [`# ${md(outline.title)}`, '', `_${md(outline.subtitle)}_`, ''];
  for (const section of outline.sections) {
    lines.push(`## ${md(section.title)}`, '');
    for (const b of section.blocks) {
      if (b.title !== undefined) lines.push(`### ${md(b.title)}`, '');
      lines.push(...block(b));
    }
    for (const m of section.missing) lines.push(`> Missing: ${md(m)}`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
