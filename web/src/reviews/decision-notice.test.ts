import { describe, expect, it } from 'vitest';
import { announceDecision, takeDecisionNotice } from './decision-notice.ts';

describe('decision notice', () => {
  it('is said once, on the page that takes it, and not again', () => {
    expect(takeDecisionNotice()).toBeUndefined();
    announceDecision('Decided 1. Next pending item:');
    expect(takeDecisionNotice()).toBe('Decided 1. Next pending item:');
    expect(takeDecisionNotice()).toBeUndefined();
  });
});
