/**
 * A postmortem's Markdown as one self-contained HTML page: no scripts, no external stylesheets,
 * fonts or images, and a Content-Security-Policy that forbids loading any, so the file can be
 * attached to a ticket or mailed and opened anywhere. Only the Markdown the drafts use (and people
 * usually add) is understood: headings, paragraphs, lists, checklists, tables, `code`, **bold**
 * and _emphasis_; everything else is shown as text. All text is escaped before any markup is added.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function inline(text: string): string {
  return escape(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|\s)_([^_]+)_(?=\s|$|[.,;:])/g, '$1<em>$2</em>');
}

/** A table row's cells, with `\|` kept as a pipe inside a cell. */
function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

const isSeparator = (line: string) => /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line.trim());

const STYLE = [
  'body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}',
  'table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #c9ced6;padding:.25rem .5rem;text-align:left;vertical-align:top}',
  'th{background:#f1f3f5}code{background:#f1f3f5;padding:0 .2rem;border-radius:3px}ul.checklist{list-style:none;padding-left:1rem}',
].join('');

export function postmortemHtml(markdown: string, title: string): string {
  const out: string[] = [];
  const lines = markdown.split(/\r?\n/);
  let list: 'ul' | 'checklist' | null = null;
  const closeList = () => {
    if (list !== null) out.push('</ul>');
    list = null;
  };
  const openList = (kind: 'ul' | 'checklist') => {
    if (list === kind) return;
    closeList();
    out.push(kind === 'checklist' ? '<ul class="checklist">' : '<ul>');
    list = kind;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const check = /^\s*[-*]\s+\[([ xX])\]\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
    if (heading) {
      closeList();
      const level = heading[1]!.length;
      out.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
    } else if (check) {
      openList('checklist');
      out.push(`<li><input type="checkbox" disabled${check[1] === ' ' ? '' : ' checked'}> ${inline(check[2]!)}</li>`);
    } else if (bullet) {
      openList('ul');
      out.push(`<li>${inline(bullet[1]!)}</li>`);
    } else if (line.trim().startsWith('|') && i + 1 < lines.length && isSeparator(lines[i + 1]!)) {
      closeList();
      out.push(
        '<table>',
        `<thead><tr>${cells(line)
          .map((c) => `<th>${inline(c)}</th>`)
          .join('')}</tr></thead>`,
        '<tbody>',
      );
      for (i += 2; i < lines.length && lines[i]!.trim().startsWith('|'); i++)
        out.push(
          `<tr>${cells(lines[i]!)
            .map((c) => `<td>${inline(c)}</td>`)
            .join('')}</tr>`,
        );
      i--;
      out.push('</tbody></table>');
    } else if (line.trim() === '') closeList();
    else {
      closeList();
      out.push(`<p>${inline(line)}</p>`);
    }
  }
  closeList();
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escape(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...out,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
