/** One line of a postmortem's `## Action items` checklist: `- [ ] text (owner)`, `- [x]` when done. */
export interface ActionItem {
  readonly text: string;
  readonly owner: string | null;
  readonly done: boolean;
}

const HEADING = /^##\s+action items\s*$/i;
const ITEM = /^\s*[-*]\s+\[([ xX])\]\s+(.*?)\s*$/;
// A trailing parenthesis is the owner: "Add a canary gate (ana)". One without text is no owner.
const OWNER = /^(.*?)\s*\(([^()]+)\)$/;

/**
 * The checklist under the `## Action items` heading, up to the next heading of level one or two.
 * Lines that are not checklist items (prose, blank lines) are skipped, so people may comment freely.
 */
export function parseActionItems(markdown: string): ActionItem[] {
  const items: ActionItem[] = [];
  let inside = false;
  for (const line of markdown.split(/\r?\n/)) {
    if (/^#{1,2}\s/.test(line)) {
      inside = HEADING.test(line);
      continue;
    }
    if (!inside) continue;
    const match = ITEM.exec(line);
    if (!match || match[2] === '') continue;
    const owned = OWNER.exec(match[2]!);
    const text = owned && owned[1] !== '' ? owned[1]! : match[2]!;
    const owner = owned && owned[1] !== '' ? owned[2]!.trim() : null;
    items.push({ text, owner, done: match[1] !== ' ' });
  }
  return items;
}
