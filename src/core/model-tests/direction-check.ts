import type { CheckEvaluator, DirectionCheckSpec } from './suite-types.ts';
import { scoreClassIndex } from './perturb/class-index.ts';
import { rowScore } from './perturb/score-change.ts';
import { suiteProblem, tooFewRows } from './perturb/suite-problem.ts';
import { formatNumber } from './perturb/within-bound.ts';

/**
 * A directional expectation (Checklist's DIR tests): raising `feature` by `change` must move the score the
 * way `expect` says, row by row. A row violates when its score moves the other way by more than `epsilon`;
 * the check fails when the share of violating rows exceeds `max_violation_rate`. One rescoring of the data.
 * Rows whose feature is missing are not judged (adding to nothing changes nothing), nor rows the model
 * gives no score before or after; the rate is over the judged rows.
 */

/** Violating rows listed in the details, worst first. */
const WORST_ROWS = 10;

export const evaluateDirection: CheckEvaluator<DirectionCheckSpec> = async (spec, data) => {
  const column = data.columns.get(spec.feature);
  if (column === undefined) throw suiteProblem(spec.name, ['feature'], 'missing', `column "${spec.feature}" is not in the data`);
  if (!(column instanceof Float64Array)) {
    throw suiteProblem(
      spec.name,
      ['feature'],
      'invalid_type',
      `"${spec.feature}" is a text feature: a direction check adds a number to it`,
    );
  }
  const classIndex = scoreClassIndex(spec.name, data.scored, spec.class);
  const raised = column.map((value) => value + spec.change);
  const after = await data.score(new Map([[spec.feature, raised]]));

  const sign = spec.expect === 'increase' ? 1 : -1;
  let judged = 0;
  let unscored = 0;
  let sumChange = 0;
  const violations: { index: number; before: number; after: number; against: number }[] = [];
  for (let row = 0; row < data.rows; row++) {
    if (Number.isNaN(column[row]!)) continue;
    const was = rowScore(data.scored, classIndex, row);
    const now = rowScore(after, classIndex, row);
    if (!Number.isFinite(was) || !Number.isFinite(now)) {
      unscored++;
      continue;
    }
    judged++;
    sumChange += now - was;
    // How far the score moved against the expectation: positive is the wrong way.
    const against = sign * (was - now);
    if (against > spec.epsilon) violations.push({ index: row, before: was, after: now, against });
  }
  if (judged === 0) throw tooFewRows(spec.name, `no row has a value of "${spec.feature}" and a score to judge`);

  const violationRate = violations.length / judged;
  const passed = violationRate <= spec.max_violation_rate;
  violations.sort((a, b) => b.against - a.against || a.index - b.index);
  const what = `${spec.feature} ${spec.change >= 0 ? '+' : ''}${spec.change}`;
  return {
    name: spec.name,
    type: 'direction',
    severity: spec.severity,
    passed,
    values: { violation_rate: violationRate, mean_change: sumChange / judged },
    bounds: { violation_rate: { max: spec.max_violation_rate } },
    details: {
      rows_judged: judged,
      rows_without_score: unscored,
      violations: violations.length,
      worst_rows: violations.slice(0, WORST_ROWS).map(({ index, before, after }) => ({ index, before, after })),
    },
    message: passed
      ? `${what}: ${violations.length} of ${judged} rows moved against "${spec.expect}" by more than ${spec.epsilon} (${formatNumber(violationRate)} ≤ ${spec.max_violation_rate})`
      : `${what}: ${violations.length} of ${judged} rows moved against "${spec.expect}" by more than ${spec.epsilon} (${formatNumber(violationRate)} > max ${spec.max_violation_rate})`,
  };
};
