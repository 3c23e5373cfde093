import { SeededRandom } from './seeded-random.ts';
import type { CheckEvaluator, InvarianceCheckSpec } from './suite-types.ts';
import { drawInvariantColumn } from './perturb/invariance-values.ts';
import { compareScores } from './perturb/score-change.ts';
import { suiteProblem, tooFewRows } from './perturb/suite-problem.ts';
import { formatNumber } from './perturb/within-bound.ts';

/**
 * An invariance expectation (Checklist's INV tests): changing `feature` within its valid range must not
 * change the predicted label. Every row's value is replaced by a draw (the suite's `values`, else the
 * feature's reference range or seen categories) and the data rescored once; the check fails when the share
 * of rows whose label flipped exceeds `max_flip_rate`. A regressor has no label: the check needs a classifier.
 */

/** Flipped rows listed in the details. */
const FLIPPED_ROWS = 10;

export const evaluateInvariance: CheckEvaluator<InvarianceCheckSpec> = async (spec, data, seed) => {
  const column = data.columns.get(spec.feature);
  if (column === undefined) throw suiteProblem(spec.name, ['feature'], 'missing', `column "${spec.feature}" is not in the data`);
  const scored = data.scored;
  if (scored.kind !== 'classification') {
    throw suiteProblem(
      spec.name,
      ['type'],
      'unsupported',
      'an invariance check counts label flips: the model is a regressor, which has no label',
    );
  }
  if (data.rows === 0) throw tooFewRows(spec.name, 'the data has no rows');
  const draw = drawInvariantColumn(spec.name, column, data.reference.get(spec.feature), spec.values, data.rows, new SeededRandom(seed));
  const after = await data.score(new Map([[spec.feature, draw.column]]));
  if (after.kind !== 'classification') throw new Error('the model answered a rescoring as a regressor');
  const change = compareScores(scored, after);
  const flipRate = change.flipRate ?? 0;

  const flipped = [];
  for (let row = 0; row < data.rows && flipped.length < FLIPPED_ROWS; row++) {
    if (scored.labelIndex[row] === after.labelIndex[row]) continue;
    flipped.push({
      index: row,
      value: draw.column[row] ?? null,
      before: scored.classes[scored.labelIndex[row]!] ?? null,
      after: after.classes[after.labelIndex[row]!] ?? null,
    });
  }
  const passed = flipRate <= spec.max_flip_rate;
  const summary = `setting ${spec.feature} flipped ${change.flipped} of ${data.rows} labels (${formatNumber(flipRate)}`;
  return {
    name: spec.name,
    type: 'invariance',
    severity: spec.severity,
    passed,
    values: { flip_rate: flipRate, mean_abs_change: change.meanAbsChange },
    bounds: { flip_rate: { max: spec.max_flip_rate } },
    details: { drawn_from: draw.drawnFrom, flipped_rows: flipped, rows_without_score: change.lostRows },
    message: passed ? `${summary} ≤ ${spec.max_flip_rate})` : `${summary} > max ${spec.max_flip_rate})`,
  };
};
