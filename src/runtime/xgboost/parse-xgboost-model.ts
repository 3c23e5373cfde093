import type { OutputSpec } from '../../core/signature.ts';
import { ModelLoadError, type LoadOptions } from '../model-runtime.ts';
import { baseMargins, parseBaseScore } from './base-score.ts';
import { integerStringField, objectField, stringField, type JsonObject } from './json-fields.ts';
import { findObjective, SUPPORTED_OBJECTIVES, type Objective } from './objectives.ts';
import { parseCategoryNames } from './parse-category-names.ts';
import { parseFeatures } from './parse-features.ts';
import { parseGradientBooster } from './parse-gradient-booster.ts';
import { readModelJson } from './read-model-json.ts';
import type { XGBoostModel } from './xgboost-model.ts';

const PARAM_PATH = 'learner.learner_model_param';

/**
 * Parses an XGBoost model saved as JSON (`booster.save_model('model.json')`, XGBoost 1.0 to 3.x)
 * into the compact form prediction uses. Every field prediction depends on is checked; anything
 * corrupt, truncated or unsupported throws a ModelLoadError naming the field.
 */
export function parseXGBoostModel(bytes: Uint8Array, options: LoadOptions = {}): XGBoostModel {
  const root = readModelJson(bytes);
  const learner = objectField(root, 'learner', '(root)');
  const param = objectField(learner, 'learner_model_param', 'learner');
  const featureCount = integerStringField(param, 'num_feature', PARAM_PATH, 1);
  const objective = readObjective(learner);
  const groupCount = outputGroups(param, objective);
  const parsed = parseGradientBooster(
    objectField(learner, 'gradient_booster', 'learner'),
    'learner.gradient_booster',
    featureCount,
    groupCount,
  );

  const baseScores = parseBaseScore(stringField(param, 'base_score', PARAM_PATH), `${PARAM_PATH}.base_score`, groupCount);
  // gblinear starts every class from the first base_score (GBLinear::PredictBatchInternal).
  const intercepts = parsed.booster.kind === 'linear' ? baseScores.map(() => baseScores[0]!) : baseScores;

  const inputs = parseFeatures(learner, 'learner', {
    featureCount,
    fallbackNames: options.featureNames,
    categoricalFeatures: parsed.categoricalFeatures,
    categoryNames: parseCategoryNames(parsed.cats, parsed.catsPath, featureCount, writerVersion(root)),
  });
  return {
    signature: { inputs, output: outputSpec(objective, groupCount) },
    objective,
    featureCount,
    groupCount,
    baseMargins: baseMargins(intercepts, objective, `${PARAM_PATH}.base_score`),
    booster: parsed.booster,
  };
}

function readObjective(learner: JsonObject): Objective {
  const name = stringField(objectField(learner, 'objective', 'learner'), 'name', 'learner.objective');
  const objective = findObjective(name);
  if (objective === undefined) {
    throw new ModelLoadError(`XGBoost objective "${name}" is not supported; supported objectives: ${SUPPORTED_OBJECTIVES.join(', ')}`);
  }
  return objective;
}

function outputGroups(param: JsonObject, objective: Objective): number {
  const classCount = integerStringField(param, 'num_class', PARAM_PATH, 0);
  const targetCount = param['num_target'] === undefined ? 1 : integerStringField(param, 'num_target', PARAM_PATH, 1);
  if (targetCount > 1) {
    throw new ModelLoadError(
      `XGBoost model has ${targetCount} targets (num_target); multi-target models are not supported: train one model per target`,
    );
  }
  if (objective.output === 'multiclass') {
    if (classCount < 2) throw new ModelLoadError(`XGBoost ${objective.name} model must have num_class of at least 2 (found ${classCount})`);
    return classCount;
  }
  if (classCount > 1) {
    throw new ModelLoadError(
      `XGBoost ${objective.name} model has num_class ${classCount}; only multi:softprob and multi:softmax have classes`,
    );
  }
  return 1;
}

function outputSpec(objective: Objective, groupCount: number): OutputSpec {
  switch (objective.output) {
    case 'binary':
      return { kind: 'binary', classes: [0, 1] };
    case 'multiclass':
      return { kind: 'multiclass', classes: Array.from({ length: groupCount }, (_, k) => k) };
    case 'regression':
      return { kind: 'regression' };
  }
}

/** `version` is [major, minor, patch] of the XGBoost that wrote the file; very old files lack it. */
function writerVersion(root: JsonObject): readonly number[] {
  const version = root['version'];
  return Array.isArray(version) && version.every((part) => Number.isInteger(part)) ? (version as number[]) : [0, 0, 0];
}
