import { describe, expect, it } from 'vitest';
import { canDecide, classAt, decisionChoices, fallbackText, parseValueLabel } from './review-wording.ts';

describe('review wording', () => {
  it('lets reviewers, approvers, operators and admins decide, and nobody else', () => {
    expect(canDecide('approver')).toBe(true);
    expect(canDecide('reviewer')).toBe(true);
    expect(canDecide('operator')).toBe(true);
    expect(canDecide('admin')).toBe(true);
    expect(canDecide('viewer')).toBe(false);
    expect(canDecide('metrics')).toBe(false);
  });

  it('says which fallback the caller got', () => {
    expect(fallbackText({ kind: 'abstain' })).toBe('abstained (no label)');
    expect(fallbackText({ kind: 'label', value: 'no' })).toBe('the label no');
    expect(fallbackText({ kind: 'label', value: 0 })).toBe('the label 0');
    expect(fallbackText({ kind: 'stable' })).toBe("the stable version's answer");
  });

  it("offers the item's classes, else the signature's, a number for a regressor, and text when no class is known", () => {
    const classifier = { label: 'yes', probabilities: [0.45, 0.55] };
    expect(decisionChoices({ output: classifier, classes: ['no', 'yes'] }, ['a', 'b'])).toEqual({
      kind: 'classes',
      classes: ['no', 'yes'],
    });
    expect(decisionChoices({ output: classifier, classes: null }, [0, 1])).toEqual({ kind: 'classes', classes: [0, 1] });
    expect(decisionChoices({ output: classifier, classes: null })).toEqual({ kind: 'text' });
    expect(decisionChoices({ output: classifier, classes: [] }, [])).toEqual({ kind: 'text' });
    expect(decisionChoices({ output: { value: 3.5 }, classes: null }, ['a'])).toEqual({ kind: 'value' });
  });

  it('reads a regressor label only when it is a finite number', () => {
    expect(parseValueLabel(' 12.5 ')).toBe(12.5);
    expect(parseValueLabel('-3e2')).toBe(-300);
    expect(parseValueLabel('')).toBeUndefined();
    expect(parseValueLabel('abc')).toBeUndefined();
    expect(parseValueLabel('Infinity')).toBeUndefined();
  });

  it("names a probability's class by the model's classes, else by its index", () => {
    expect(classAt(['no', 'yes'], 1)).toBe('yes');
    expect(classAt(undefined, 1)).toBe(1);
    expect(classAt(['no'], 1)).toBe(1);
  });
});
