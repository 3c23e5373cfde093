import path from 'node:path';
import { BallastError } from '../../core/errors.ts';
import type { ExplainBatch } from '../../core/explain/explanation.ts';
import {
  permutationImportance,
  seededPermutations,
  type PermutationImportance,
  type PermutationSource,
} from '../../core/explain/permutation-importance.ts';
import type { DataColumn } from '../../core/model-tests/suite-types.ts';
import { isMetricName, METRIC_NAMES, METRICS, type MetricName } from '../../core/performance/metric-registry.ts';
import { buildFeatureBatch } from '../../runtime/build-feature-batch.ts';
import type { LoadedModel } from '../../runtime/model-runtime.ts';
import { readTable } from '../data-files.ts';
import { scoreColumns } from '../model-tests/score-rows.ts';
import { readLabels } from '../model-tests/test-labels.ts';

/** sklearn's default repeats (n_repeats=5). */
export const DEFAULT_PERMUTATION_REPEATS = 5;

export interface PermutationImportanceRequest {
  readonly model: LoadedModel;
  /** `credit:3` or the model file's path, for messages and the answer. */
  readonly description: string;
  /** Labelled rows (CSV or JSON Lines) with the model's inputs and the label column. */
  readonly dataFile: string;
  readonly label: string;
  /** Default: what sklearn's estimators score by default: accuracy for a classifier, r2 for a regressor. */
  readonly metric?: string;
  readonly repeats?: number;
  readonly seed?: number;
  /** Replaces the seeded shuffles (tests replay scikit-learn's). */
  readonly permutations?: PermutationSource;
}

export interface PermutationImportanceReport {
  readonly model: string;
  readonly data: string;
  readonly label: string;
  readonly seed: number;
  readonly result: PermutationImportance;
}

/**
 * Permutation importance of a loaded model (a file or a registered version) on a labelled data file: the
 * file read as predict reads it (every missing input and unreadable value named), the label read as model
 * tests read it (class names or codes; an unknown label refuses the run), then the core computation.
 */
export async function computePermutationImportance(request: PermutationImportanceRequest): Promise<PermutationImportanceReport> {
  const { model, dataFile, label } = request;
  const source = path.basename(dataFile);
  const signature = model.signature;
  const task = signature.output.kind === 'regression' ? 'regression' : 'classification';
  const metric = metricFor(request.metric, task);
  const table = await readTable(dataFile);
  const labelAt = table.columns.indexOf(label);
  if (labelAt < 0) throw new BallastError('missing_column', `${source}: no label column "${label}" (the --label of the data)`);
  const batch = buildFeatureBatch(signature.inputs, table, source);
  const names = signature.inputs.map((feature) => feature.name);
  const score = (b: ExplainBatch) => {
    const columns = new Map<string, DataColumn>(names.map((name, f) => [name, b.columns[f]!]));
    return scoreColumns(model, columns, b.rowCount, request.description);
  };
  const classes = task === 'classification' ? (signature.output.classes ?? (await classesOf(score, batch))) : undefined;
  const labels = readLabels(
    table.rows.map((row) => row.cells[labelAt] ?? null),
    signature.output,
    classes,
    label,
    source,
  );
  const seed = request.seed ?? 0;
  const result = await permutationImportance({
    batch,
    featureNames: names,
    labels,
    metric,
    repeats: request.repeats ?? DEFAULT_PERMUTATION_REPEATS,
    score,
    permutations: request.permutations ?? seededPermutations(seed, names),
  });
  return { model: request.description, data: dataFile, label, seed, result };
}

function metricFor(name: string | undefined, task: 'classification' | 'regression'): MetricName {
  if (name === undefined) return task === 'classification' ? 'accuracy' : 'r2';
  if (!isMetricName(name))
    throw new BallastError('invalid_argument', `--metric ${name} is not a metric; known: ${METRIC_NAMES.join(', ')}`);
  if (METRICS[name].task !== task) {
    throw new BallastError(
      'invalid_argument',
      `--metric ${name} is a ${METRICS[name].task} metric, and the model is a ${task === 'regression' ? 'regressor' : 'classifier'}`,
    );
  }
  return name;
}

async function classesOf(score: (b: ExplainBatch) => ReturnType<typeof scoreColumns>, batch: ExplainBatch) {
  const first = { rowCount: 1, columns: batch.columns.map((c) => c.slice(0, 1)) };
  const scored = await score(first);
  return scored.kind === 'classification' ? scored.classes : undefined;
}

/** The report on the wire (`--json`): snake_case, most important feature first. */
export function permutationImportanceWire(report: PermutationImportanceReport) {
  const { result } = report;
  return {
    model: report.model,
    data: report.data,
    label: report.label,
    rows: result.rows,
    metric: result.metric,
    higher_is_better: result.higherIsBetter,
    baseline: result.baseline,
    repeats: result.repeats,
    seed: report.seed,
    features: result.features.map((f) => ({
      feature: f.feature,
      importance_mean: f.importanceMean,
      importance_std: f.importanceStd,
      importances: f.importances,
      rank: f.rank,
    })),
  };
}
