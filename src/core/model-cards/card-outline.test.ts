import { describe, expect, it } from 'vitest';
import { buildModelCard } from './build-card.ts';
import { cardOutline } from './card-outline.ts';
import { CARD_SECTIONS } from './model-card.ts';
import { bareFacts } from './testing/card-facts.ts';

describe('cardOutline', () => {
  it('places every missing reason of the card under one section of the outline', () => {
    const card = buildModelCard(bareFacts());
    const outline = cardOutline(card);
    const shown = outline.sections.flatMap((s) => s.missing);
    expect(shown.sort()).toEqual(card.missing.map((m) => m.reason).sort());
    expect(new Set(card.missing.map((m) => m.section)).size).toBe(CARD_SECTIONS.length);
  });
});
