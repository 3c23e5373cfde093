import { IssueCollector, type IssuePath } from '../../core/issues.ts';
import type { CheckSpec, TestSuite } from '../../core/model-tests/suite-types.ts';
import { METRICS } from '../../core/performance/metric-registry.ts';
import type { ClassLabel } from '../../core/signature.ts';

/** What a suite is checked against before any check runs: the data's columns and what the model answers. */
export interface SuiteTarget {
  readonly columns: ReadonlySet<string>;
  readonly inputs: readonly string[];
  /** The model's classes; undefined for a regressor. */
  readonly classes: readonly ClassLabel[] | undefined;
  readonly hasContract: boolean;
  /** The check types this build can evaluate. */
  readonly evaluated: ReadonlySet<CheckSpec['type']>;
  /** `credit:3`, for messages. */
  readonly what: string;
}

/** Checks that read class probabilities or predicted labels, which a regressor does not give. */
const CLASSIFIER_ONLY = new Set<CheckSpec['type']>(['fairness', 'calibration', 'invariance']);

/**
 * Refuses, as one invalid_test_suite error listing every problem with its path into the suite, a suite
 * that names a column the data does not have (or a feature the model does not read), a check the model
 * cannot answer (probabilities of a regressor, a regression metric of a classifier) or a contract check of a
 * version without a contract. Run before anything is scored, so a typo costs no minutes of bootstrap.
 */
export function checkSuiteAgainstData(suite: TestSuite, target: SuiteTarget, source: string): void {
  const issues = new IssueCollector();
  const column = (name: string, path: IssuePath, why: string) => {
    if (!target.columns.has(name)) issues.report('missing', path, `"${name}" is not a column of the test data (${why})`);
  };
  const feature = (name: string, path: IssuePath) => {
    if (!target.inputs.includes(name))
      issues.report('invalid_value', path, `"${name}" is not an input of ${target.what}, whose inputs are ${target.inputs.join(', ')}`);
    else column(name, path, 'the model reads it');
  };
  const task = target.classes === undefined ? 'regression' : 'classification';
  suite.checks.forEach((check, i) => {
    const at = (...rest: Array<string | number>): IssuePath => ['checks', i, ...rest];
    if (!target.evaluated.has(check.type))
      issues.report('unsupported', at('type'), `this build of Ballast cannot evaluate ${check.type} checks`);
    if (CLASSIFIER_ONLY.has(check.type) && task === 'regression')
      issues.report('unsupported', at('type'), `a ${check.type} check needs class probabilities, and ${target.what} is a regressor`);
    if ('metric' in check && METRICS[check.metric].task !== task)
      issues.report(
        'unsupported',
        at('metric'),
        `${check.metric} is a ${METRICS[check.metric].task} metric, and ${target.what} is a ${task === 'regression' ? 'regressor' : 'classifier'}`,
      );
    switch (check.type) {
      case 'metric':
        for (const name of Object.keys(check.where ?? {})) column(name, at('where', name), 'the check filters on it');
        break;
      case 'slices':
        check.columns?.forEach((name, j) => column(name, at('columns', j), 'the check slices it'));
        check.crossings?.forEach((pair, j) => pair.forEach((name, k) => column(name, at('crossings', j, k), 'the check crosses it')));
        break;
      case 'fairness':
        check.sensitive.forEach((name, j) => column(name, at('sensitive', j), 'a sensitive feature of the check'));
        if (target.classes !== undefined) {
          if (check.positive_label !== undefined && !target.classes.includes(check.positive_label))
            issues.report(
              'invalid_value',
              at('positive_label'),
              `${JSON.stringify(check.positive_label)} is not a class of ${target.what} (${target.classes.map((c) => JSON.stringify(c)).join(', ')})`,
            );
          if (check.positive_label === undefined && target.classes.length > 2)
            issues.report(
              'missing',
              at('positive_label'),
              `is required for ${target.what}, which has ${target.classes.length} classes: the class counted as selected`,
            );
        }
        break;
      case 'perturbation':
        check.features?.forEach((name, j) => feature(name, at('features', j)));
        break;
      case 'invariance':
      case 'direction':
        feature(check.feature, at('feature'));
        if (
          check.type === 'direction' &&
          check.class !== undefined &&
          target.classes !== undefined &&
          !target.classes.includes(check.class)
        )
          issues.report('invalid_value', at('class'), `${JSON.stringify(check.class)} is not a class of ${target.what}`);
        break;
      case 'contract':
        if (!target.hasContract) issues.report('unsupported', at('type'), `${target.what} has no contract to check the data against`);
        break;
      default:
        break;
    }
  });
  issues.throwIfAny('invalid_test_suite', `${source} does not fit the test data or ${target.what}`);
}
