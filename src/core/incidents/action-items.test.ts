import { describe, expect, it } from 'vitest';
import { parseActionItems } from './action-items.ts';

describe('parseActionItems', () => {
  it('reads the checklist under "## Action items" with owners and done marks, and nothing elsewhere', () => {
    const markdown = [
      '# Postmortem',
      '## Timeline',
      '- [ ] not an action item (someone)',
      '## Action items',
      'Fill these in together.',
      '- [ ] Add a drift gate to the canary (ana)',
      '- [x] Page the data team on schema changes (data-oncall)',
      '* [X] Document the rollback runbook',
      '- [ ] ',
      '- plain bullet',
      '- [ ] Use (parentheses) in text (bo)',
      '### Details stay inside',
      '- [ ] Nested heading item',
      '## Contributing factors',
      '- [ ] after the section (x)',
    ].join('\n');
    expect(parseActionItems(markdown)).toEqual([
      { text: 'Add a drift gate to the canary', owner: 'ana', done: false },
      { text: 'Page the data team on schema changes', owner: 'data-oncall', done: true },
      { text: 'Document the rollback runbook', owner: null, done: true },
      { text: 'Use (parentheses) in text', owner: 'bo', done: false },
      { text: 'Nested heading item', owner: null, done: false },
    ]);
  });

  it('finds none without the heading, and takes CRLF files', () => {
    expect(parseActionItems('- [ ] a (b)')).toEqual([]);
    expect(parseActionItems('## Action Items\r\n- [ ] a (b)\r\n')).toEqual([{ text: 'a', owner: 'b', done: false }]);
  });
});
