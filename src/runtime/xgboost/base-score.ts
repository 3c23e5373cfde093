import { invalidField } from './json-fields.ts';
import { INTERCEPT_DOMAIN_TEXT, isValidIntercept, type Objective } from './objectives.ts';

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads `learner_model_param.base_score`: a plain number before XGBoost 3.1 ("5E-1"), a bracketed
 * list since ("[6.75E-1]", or one value per class or target "[a,b,c]"). A single value is shared
 * by every output, as XGBoost's HandleOldFormat does.
 */
export function parseBaseScore(text: string, path: string, groupCount: number): number[] {
  const trimmed = text.trim();
  const bracketed = trimmed.startsWith('[') && trimmed.endsWith(']');
  const parts = (bracketed ? trimmed.slice(1, -1) : trimmed).split(',').map((part) => part.trim());
  const values = parts.map((part) => (DECIMAL.test(part) ? Number(part) : Number.NaN));
  if (values.some((value) => !Number.isFinite(value))) {
    invalidField(path, 'must be a number or a bracketed list of numbers such as "[5E-1]"', JSON.stringify(text));
  }
  if (values.length === 1) return new Array<number>(groupCount).fill(values[0]!);
  if (values.length !== groupCount) {
    invalidField(path, `must hold 1 or ${groupCount} values (one per output)`, String(values.length));
  }
  return values;
}

/**
 * The margin each row starts from: base_score through the objective's ProbToMargin (logit for
 * logistic objectives, log for poisson/gamma/tweedie), in float32 as XGBoost computes it.
 */
export function baseMargins(baseScores: readonly number[], objective: Objective, path: string): Float32Array {
  const margins = new Float32Array(baseScores.length);
  baseScores.forEach((value, i) => {
    if (!isValidIntercept(objective.intercept, value)) {
      invalidField(path, `must be ${INTERCEPT_DOMAIN_TEXT[objective.intercept]} for ${objective.name}`, String(value));
    }
    margins[i] = objective.interceptToMargin(value);
  });
  return margins;
}
