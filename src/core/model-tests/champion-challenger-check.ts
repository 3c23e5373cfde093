/**
 * The `champion_challenger` check: the tested version against the version behind `alias` (default
 * `champion`) of the same model, both answering the same rows of the test data. The metric's difference
 * (oriented: positive means the tested version is better) gets a paired bootstrap interval
 * (paired-bootstrap.ts); the check passes when the interval's low end is at least −margin: the tested
 * version is not worse than the champion by more than the margin, beyond sampling noise (non-inferiority).
 * With `bootstrap: 0` the point difference is judged. An identical version passes with any margin ≥ 0.
 *
 * The champion's classes are matched to the tested version's by value (their order may differ); a champion
 * with other classes, or of the other task, cannot be compared: a suite error.
 */
import { BallastError } from '../errors.ts';
import { formatValue, wireNumber } from './bound.ts';
import { allRows, metricOfRows, metricRowsOf } from './metric-rows.ts';
import { betterBy, pairedBootstrap } from './paired-bootstrap.ts';
import { percentileInterval } from './seeded-random.ts';
import type { ChampionChallengerCheckSpec, CheckEvaluator, Interval, ScoredRows } from './suite-types.ts';

export const evaluateChampionChallenger: CheckEvaluator<ChampionChallengerCheckSpec> = async (spec, data, seed) => {
  const testedRows = metricRowsOf(data, data.scored, spec.metric, spec.name);
  const champion = await data.scoreAlias(spec.alias);
  const championRows = metricRowsOf(data, alignClasses(champion.scored, data.scored, spec), spec.metric, spec.name);
  const all = allRows(data.rows);
  const tested = metricOfRows(spec.metric, testedRows, all);
  const other = metricOfRows(spec.metric, championRows, all);
  const difference = betterBy(spec.metric, tested, other);
  const interval: Interval | null =
    spec.bootstrap > 0
      ? percentileInterval(pairedBootstrap(spec.metric, testedRows, championRows, spec.bootstrap, seed), spec.confidence)
      : null;
  const low = interval === null ? difference : interval[0];
  const passed = low >= -spec.margin;
  const intervalText = interval === null ? '' : ` [${formatValue(interval[0])}, ${formatValue(interval[1])}]`;
  const verdict = passed
    ? `not worse than ${spec.alias} by more than ${spec.margin}`
    : `${interval === null ? 'worse' : 'possibly worse'} than ${spec.alias} by more than ${spec.margin}`;
  return {
    name: spec.name,
    type: 'champion_challenger',
    severity: spec.severity,
    passed,
    values: { tested: wireNumber(tested), champion: wireNumber(other), difference: wireNumber(difference) },
    bounds: { difference: { min: -spec.margin } },
    ...(interval === null || Number.isNaN(interval[0]) ? {} : { intervals: { difference: interval } }),
    details: { champion_version: champion.version, alias: spec.alias, metric: spec.metric, rows: data.rows },
    message: `${spec.metric} ${formatValue(tested)} against ${spec.alias} (version ${champion.version}) ${formatValue(other)}: difference ${formatValue(difference)}${intervalText}, ${verdict}`,
  };
};

/** The champion's answers with its classes in the tested version's order. */
function alignClasses(champion: ScoredRows, tested: ScoredRows, spec: ChampionChallengerCheckSpec): ScoredRows {
  if (champion.kind !== tested.kind)
    refuse(spec, `the version behind ${spec.alias} is a ${champion.kind} model, the tested one a ${tested.kind} model`);
  if (champion.kind === 'regression' || tested.kind === 'regression') return champion;
  const k = tested.classes.length;
  const position = new Map(tested.classes.map((label, i) => [label, i]));
  const map = champion.classes.map((label) => position.get(label));
  if (champion.classes.length !== k || map.some((i) => i === undefined)) {
    refuse(
      spec,
      `the version behind ${spec.alias} has the classes ${JSON.stringify(champion.classes)}, the tested one ${JSON.stringify(tested.classes)}`,
    );
  }
  if (map.every((i, c) => i === c)) return champion;
  const n = champion.labelIndex.length;
  const probabilities = new Float64Array(n * k);
  const labelIndex = new Int32Array(n);
  for (let row = 0; row < n; row++) {
    labelIndex[row] = map[champion.labelIndex[row]!]!;
    for (let c = 0; c < k; c++) probabilities[row * k + map[c]!] = champion.probabilities[row * k + c]!;
  }
  return { kind: 'classification', classes: tested.classes, probabilities, labelIndex };
}

function refuse(spec: ChampionChallengerCheckSpec, message: string): never {
  throw new BallastError('invalid_test_suite', `check ${spec.name}: ${message}, so they cannot be compared`, [
    { code: 'invalid_value', path: ['checks', spec.name, 'alias'], message },
  ]);
}
