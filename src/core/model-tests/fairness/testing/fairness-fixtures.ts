/**
 * Fairlearn's answers on the scenarios of test/fixtures/fairness/make_fixtures.py, typed, and the CheckData a
 * scenario stands for (only what a fairness check reads is real: labels, predicted labels and the columns).
 */
import raw from '../../../../../test/fixtures/fairness/fairness-fixtures.json' with { type: 'json' };
import type { ClassLabel } from '../../../signature.ts';
import type { CheckData, DataColumn, FairnessCheckSpec, FairnessMetricName, GroupMetricName, Interval } from '../../suite-types.ts';

interface ExpectedGrouping {
  columns: string[];
  by_group: Record<string, Record<GroupMetricName, number | null>>;
  values: Record<FairnessMetricName, number | null>;
}

export interface FairnessScenario {
  name: string;
  classes: ClassLabel[];
  positive_label: ClassLabel;
  labels: number[];
  predicted: number[];
  columns: Record<string, Array<string | number>>;
  sensitive: string[];
  intersections: boolean;
  expected: ExpectedGrouping[];
  bootstrap?: {
    rounds: number;
    confidence: number;
    /** grouping name → Fairlearn's percentile interval of three aggregates. */
    intervals: Record<string, Partial<Record<FairnessMetricName, Interval>>>;
  };
}

export const fairnessScenarios = (raw as unknown as { scenarios: FairnessScenario[] }).scenarios;

export function fairnessScenario(name: string): FairnessScenario {
  const found = fairnessScenarios.find((scenario) => scenario.name === name);
  if (found === undefined) throw new Error(`no fairness fixture ${name}`);
  return found;
}

/** A column of numbers becomes a Float64Array, as the runner reads a numeric column; texts stay texts. */
export function scenarioData(scenario: FairnessScenario): CheckData {
  const rows = scenario.labels.length;
  const columns = new Map<string, DataColumn>(
    Object.entries(scenario.columns).map(([name, values]) => [
      name,
      values.every((v) => typeof v === 'number') ? Float64Array.from(values as number[]) : values.map(String),
    ]),
  );
  const width = scenario.classes.length;
  const probabilities = new Float64Array(rows * width);
  scenario.predicted.forEach((label, row) => (probabilities[row * width + label] = 1));
  return {
    rows,
    columns,
    inputs: [],
    labels: Int32Array.from(scenario.labels),
    scored: { kind: 'classification', classes: scenario.classes, probabilities, labelIndex: Int32Array.from(scenario.predicted) },
    score: () => Promise.reject(new Error('a fairness check never rescores')),
    reference: new Map(),
    scoreAlias: () => Promise.reject(new Error('a fairness check never scores another version')),
  };
}

/** The check a scenario stands for, with every default the parser fills. */
export function scenarioSpec(scenario: FairnessScenario, overrides: Partial<FairnessCheckSpec> = {}): FairnessCheckSpec {
  return {
    name: `fair-${scenario.name}`,
    type: 'fairness',
    severity: 'error',
    sensitive: scenario.sensitive,
    intersections: scenario.intersections,
    positive_label: scenario.positive_label,
    bounds: {},
    bootstrap: 0,
    confidence: 0.95,
    ...overrides,
  };
}
