import { describe, expect, it } from 'vitest';
import { buildModelCard } from './build-card.ts';
import { cardMarkdown } from './card-markdown.ts';
import { bareFacts } from './testing/card-facts.ts';

describe('cardMarkdown', () => {
  it('has a heading per section and says what is missing in each', () => {
    const text = cardMarkdown(buildModelCard(bareFacts()));
    expect(text.startsWith('# Model card: credit:3\n')).toBe(true);
    for (const heading of [
      'Model details',
      'Intended use and limitations',
      'Inputs, output and training data',
      'Evaluation',
      'Real-world performance',
      'Explanations',
      'Monitoring',
      'Approvals and reviews',
    ])
      expect(text).toContain(`\n## ${heading}\n`);
    expect(text).toContain('> Missing: registered without training data');
    expect(text).toContain('| income | number | no |');
  });

  it('escapes user text so it cannot break a table or add markup', () => {
    const facts = bareFacts();
    const text = cardMarkdown(
      buildModelCard({
        ...facts,
        annotations: {
          versionId: 'v1',
          intendedUse: 'a | b <script>',
          outOfScope: ['*bold*\nnext'],
          limitations: [],
          updatedBy: 'a',
          updatedAt: 'x',
        },
      }),
    );
    expect(text).toContain('a \\| b \\<script\\>');
    expect(text).toContain('- \\*bold\\* next');
  });
});
