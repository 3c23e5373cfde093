import type { IssueCollector, IssuePath } from '../issues.ts';
import type { ReviewCondition, ReviewFallback } from '../rollouts/deployment-routing.ts';
import type { ClassLabel } from '../signature.ts';

/**
 * The `--when` grammar of a review policy, one condition per policy:
 *
 *   max_probability < P                 the top class's probability is below P (classifiers)
 *   probability between L and H         the positive class's probability (binary; for multiclass the
 *                                       top class's) lies in [L, H]
 *   contract_flagged                    a `flag` policy let a contract violation through
 *   disagreement                        an ensemble's members disagreed
 *
 * Keywords are case-insensitive and spaces are free; numbers are probabilities in [0, 1]. Problems are
 * reported to the collector with `path` (the field the text came from) and undefined is returned.
 */
export function parseReviewCondition(text: string, path: IssuePath, issues: IssueCollector): ReviewCondition | undefined {
  const spaced = text.trim().replace(/\s+/g, ' ').toLowerCase();
  if (spaced === 'contract_flagged') return { kind: 'contract_flagged' };
  if (spaced === 'disagreement') return { kind: 'disagreement' };
  const below = /^max_probability ?< ?(\S+)$/.exec(spaced);
  if (below) {
    const threshold = probability(below[1]!, path, issues);
    if (threshold === undefined) return undefined;
    if (threshold === 0) {
      issues.report('invalid_value', path, 'max_probability < 0 holds for no prediction; use a threshold above 0');
      return undefined;
    }
    return { kind: 'max_probability_below', threshold };
  }
  const between = /^probability between (\S+) and (\S+)$/.exec(spaced);
  if (between) {
    const low = probability(between[1]!, path, issues);
    const high = probability(between[2]!, path, issues);
    if (low === undefined || high === undefined) return undefined;
    if (low > high) {
      issues.report('invalid_value', path, `the range ${low}..${high} is empty: write the lower bound first`);
      return undefined;
    }
    return { kind: 'probability_between', low, high };
  }
  issues.report(
    'invalid_format',
    path,
    `"${text}" is not a review condition; write "max_probability < 0.6", "probability between 0.4 and 0.6", "contract_flagged" or "disagreement"`,
  );
  return undefined;
}

function probability(text: string, path: IssuePath, issues: IssueCollector): number | undefined {
  const value = /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 0 && value <= 1)) {
    issues.report('invalid_value', path, `"${text}" is not a probability from 0 to 1`);
    return undefined;
  }
  return value;
}

/** The condition written back the way the grammar reads it (what `review show` prints). */
export function reviewConditionText(condition: ReviewCondition): string {
  switch (condition.kind) {
    case 'max_probability_below':
      return `max_probability < ${condition.threshold}`;
    case 'probability_between':
      return `probability between ${condition.low} and ${condition.high}`;
    default:
      return condition.kind;
  }
}

/**
 * `abstain`, `stable` or `label:V`. The value of `label:` is kept as text; the caller turns it into
 * one of the model's classes (a class may be the number 1 or the text "1": classLabelFor decides).
 */
export function parseReviewFallback(
  text: string,
  path: IssuePath,
  issues: IssueCollector,
): { kind: 'abstain' } | { kind: 'stable' } | { kind: 'label'; text: string } | undefined {
  const trimmed = text.trim();
  if (trimmed === 'abstain' || trimmed === 'stable') return { kind: trimmed };
  if (trimmed.startsWith('label:') && trimmed.length > 'label:'.length) return { kind: 'label', text: trimmed.slice('label:'.length) };
  issues.report('invalid_format', path, `"${text}" is not a fallback; write abstain, stable or label:VALUE (a class of the model)`);
  return undefined;
}

/**
 * The class of `classes` a text names: the class whose text form equals it (so `label:1` finds the
 * number 1 and `label:yes` the string "yes"); undefined when the model has no such class.
 */
export function classLabelFor(text: string, classes: readonly ClassLabel[]): ClassLabel | undefined {
  return classes.find((c) => String(c) === text);
}

/** The fallback as written on the wire and by `review show`: `abstain`, `stable`, `label:V`. */
export function reviewFallbackText(fallback: ReviewFallback): string {
  return fallback.kind === 'label' ? `label:${String(fallback.value)}` : fallback.kind;
}
