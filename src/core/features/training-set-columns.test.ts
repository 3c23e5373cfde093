import { describe, expect, it } from 'vitest';
import { trainingSetColumns } from './training-set-columns.ts';

describe('trainingSetColumns', () => {
  const refs = [
    { view: 'tx', feature: 'spend_7d' },
    { view: 'tx', feature: 'n_tx_7d' },
    { view: 'profile', feature: 'score' },
    { view: 'tx_long', feature: 'spend_7d' },
  ];

  it('names features by feature, and by view__feature only where two views share a name', () => {
    expect(trainingSetColumns(refs, ['customer_id', 'event_timestamp'], false)).toEqual([
      'tx__spend_7d',
      'n_tx_7d',
      'score',
      'tx_long__spend_7d',
    ]);
  });

  it('uses full names for every feature with fullNames', () => {
    expect(trainingSetColumns(refs.slice(0, 3), [], true)).toEqual(['tx__spend_7d', 'tx__n_tx_7d', 'profile__score']);
  });

  it('never lets a feature take the name of an entity column', () => {
    expect(trainingSetColumns([{ view: 'profile', feature: 'score' }], ['customer_id', 'score'], false)).toEqual(['profile__score']);
  });
});
