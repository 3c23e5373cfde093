import type { ClassLabel } from './signature.ts';

/**
 * A JSON array of strings and numbers (`["low","high"]`, `[0, 1]`) or a comma-separated list
 * (`low, high`), where a whole number such as `3` reads as the number 3 (so feedback labels sent as
 * numbers meet it). Undefined when the text is neither, or names an empty class.
 */
export function parseClassLabels(text: string): ClassLabel[] | undefined {
  const trimmed = text.trim();
  let labels: unknown[];
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (!Array.isArray(parsed)) return undefined;
      labels = parsed;
    } catch {
      return undefined;
    }
  } else {
    labels =
      trimmed === ''
        ? []
        : trimmed
            .split(',')
            .map((token) => token.trim())
            .map((token) => (/^-?(0|[1-9]\d{0,14})$/.test(token) ? Number(token) : token));
  }
  const valid = labels.every(
    (label) => (typeof label === 'string' && label !== '') || (typeof label === 'number' && Number.isFinite(label)),
  );
  return valid && labels.length > 0 ? (labels as ClassLabel[]) : undefined;
}
