import type { ClassLabel, OutputSpec } from '../signature.ts';

/**
 * Plain-language reasons: an explanation's largest contributions said in words for a person the
 * decision affects ("a debt-to-income ratio of 0.79 raised the chance of default most"). Written for
 * readers who know neither SHAP nor the column names, so each reason names the feature as a person
 * would (the contract's `label`, else the column name made readable), its value as it was given
 * (category names, not codes; the contract's `unit`) and which way it moved the outcome.
 */

/** How one feature is named in words. */
export interface FeatureWording {
  readonly name: string;
  /** A display name (`debt-to-income ratio`); default: the name made readable. */
  readonly label?: string;
  /** Written after a value (`years`, `months`, `%`). */
  readonly unit?: string;
  /** A category feature's names by code, so a value given as a code is said by its name. */
  readonly categories?: readonly string[];
}

export interface ReasonInput {
  readonly features: readonly FeatureWording[];
  /** Each feature's value as the row gave it (null or undefined: missing; already masked values are said as they are). */
  readonly values: readonly unknown[];
  /** Each feature's contribution to the explained output, in the order of `features`. */
  readonly contributions: ArrayLike<number>;
  /** What the contributions move, in words: `the chance of default`, `the predicted value`. */
  readonly outcome: string;
  /** How many reasons at most. */
  readonly top: number;
}

/** The `top` largest contributions (by size) in words, the largest first; features that moved nothing give none. */
export function reasonsInWords(input: ReasonInput): string[] {
  const order = input.features
    .map((_, index) => index)
    .filter((index) => input.contributions[index] !== 0 && Number.isFinite(input.contributions[index]))
    // Ties keep the features' order, so the same explanation always reads the same.
    .sort((a, b) => Math.abs(input.contributions[b]!) - Math.abs(input.contributions[a]!) || a - b)
    .slice(0, Math.max(0, input.top));
  return order.map((index, rank) => {
    const feature = input.features[index]!;
    const verb = input.contributions[index]! > 0 ? 'raised' : 'lowered';
    return `${valuePhrase(feature, input.values[index])} ${verb} ${input.outcome}${rank === 0 ? ' most' : ''}`;
  });
}

/** `a debt-to-income ratio of 0.79`, `an employment type of retired`, `a missing income`. */
function valuePhrase(feature: FeatureWording, value: unknown): string {
  const name = featureLabel(feature);
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value)) || value === '') {
    return `${article('missing')} missing ${name}`;
  }
  return `${article(name)} ${name} of ${withUnit(valueText(feature, value), feature.unit)}`;
}

/** The display name, or the column name made readable: `debt_to_income` → `debt to income`, `loanAmount` → `loan amount`. */
export function featureLabel(feature: FeatureWording): string {
  if (feature.label !== undefined && feature.label.trim() !== '') return feature.label.trim();
  return humanise(feature.name);
}

function humanise(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .split(/\s+/);
  // Acronyms (ID, DTI) stay as written; other words read in lower case.
  const text = words.map((word) => (word.length > 1 && word === word.toUpperCase() && /[A-Z]/.test(word) ? word : word.toLowerCase()));
  return text.join(' ') || name;
}

function valueText(feature: FeatureWording, value: unknown): string {
  if (typeof value === 'number') {
    const name = feature.categories?.[value];
    if (name !== undefined && Number.isInteger(value)) return name;
    // Whole numbers are grouped (93,700) for reading; fractions stay as given (0.286).
    return Number.isInteger(value) && Math.abs(value) >= 10_000 ? groupThousands(value) : String(value);
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function groupThousands(value: number): string {
  return `${value < 0 ? '-' : ''}${String(Math.abs(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

/** A unit after its value: `52 years`; a symbol unit sticks to it: `12%`. */
function withUnit(text: string, unit: string | undefined): string {
  if (unit === undefined || unit.trim() === '') return text;
  const trimmed = unit.trim();
  return /^[%‰°]/.test(trimmed) ? `${text}${trimmed}` : `${text} ${trimmed}`;
}

/** `a` or `an` by the sound of the first letter (vowels; good enough for feature names). */
function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/**
 * What the explained output is, in words:
 * - a binary classifier: `the chance of <class 1>` when its label is a word (`fraud`); for labels like
 *   1 or "yes" the target's name says it better (`the chance of default`), else `the chance of class 1`;
 * - a multiclass classifier: the chance of the class the row was predicted as (the output explained);
 * - a regressor: `the predicted <target>`, else `the predicted value`.
 */
export function outcomeInWords(output: OutputSpec, options: { readonly target?: string; readonly predicted?: ClassLabel } = {}): string {
  const target = options.target === undefined || options.target.trim() === '' ? undefined : humanise(options.target);
  switch (output.kind) {
    case 'regression':
      return target === undefined ? 'the predicted value' : `the predicted ${target}`;
    case 'binary': {
      const positive = output.classes?.[1];
      if (isWordLabel(positive)) return `the chance of ${humanise(String(positive))}`;
      return target === undefined ? `the chance of class ${String(positive ?? 1)}` : `the chance of ${target}`;
    }
    case 'multiclass': {
      const predicted = options.predicted;
      if (predicted === undefined) return 'the chance of the predicted class';
      return isWordLabel(predicted) ? `the chance of ${humanise(String(predicted))}` : `the chance of class ${String(predicted)}`;
    }
  }
}

/** A label that names something (`fraud`, `churned`) rather than a code or a yes/no. */
function isWordLabel(label: ClassLabel | undefined): boolean {
  if (typeof label !== 'string') return false;
  const text = label.trim().toLowerCase();
  return /[a-z]/.test(text) && !['true', 'false', 'yes', 'no', 'y', 'n', 'pos', 'neg', 'positive', 'negative'].includes(text);
}
