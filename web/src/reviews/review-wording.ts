import type { ReviewFallback, ReviewItem } from '../api/review-types.ts';
import type { ClassLabel, Role } from '../api/types.ts';

/** Reviewers decide; operators and admins may too (the roles are ordered). Viewers only read the queue. */
export function canDecide(role: Role): boolean {
  return role === 'reviewer' || role === 'approver' || role === 'operator' || role === 'admin';
}

/** What the caller was answered while the item waits for a reviewer. */
export function fallbackText(fallback: ReviewFallback): string {
  switch (fallback.kind) {
    case 'abstain':
      return 'abstained (no label)';
    case 'label':
      return `the label ${String(fallback.value)}`;
    case 'stable':
      return "the stable version's answer";
  }
}

/**
 * What a decision may be: one of the model's classes (from the item, else from the version's
 * signature), a number for a regressor, or, for a classifier whose classes are not known here,
 * any text (the server checks it against the model).
 */
export type DecisionChoices =
  { readonly kind: 'classes'; readonly classes: readonly ClassLabel[] } | { readonly kind: 'value' } | { readonly kind: 'text' };

export function decisionChoices(item: Pick<ReviewItem, 'output' | 'classes'>, signatureClasses?: readonly ClassLabel[]): DecisionChoices {
  if ('value' in item.output) return { kind: 'value' };
  const classes = item.classes ?? signatureClasses;
  return classes && classes.length > 0 ? { kind: 'classes', classes } : { kind: 'text' };
}

/** A regressor's label: a finite number, else undefined (the form says so instead of sending it). */
export function parseValueLabel(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/** The class each probability belongs to: the model's class where known, else its index. */
export function classAt(classes: readonly ClassLabel[] | undefined, index: number): ClassLabel {
  return classes?.[index] ?? index;
}
