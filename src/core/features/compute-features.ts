import type { Cell } from '../table.ts';
import { compileExpression, type CompiledExpression } from './expression/compile-expression.ts';
import { asBoolean, asNumber, fromCell, type FeatureValue } from './expression/values.ts';
import type { FeatureType, FeatureViewDefinition, OnDemandFeatureDefinition } from './feature-definitions.ts';

/**
 * One implementation of a feature's value, used offline (training sets, skew) and online
 * (materialisation, enrichment), so a feature cannot be computed two ways. A plain feature is its
 * source column; a derived one its expression over the source row; an on-demand one its expression
 * over the request's fields and the features already looked up. Values are cast to the feature's
 * type; one that does not fit (text in a number feature, 2.5 in an integer one) is missing.
 */

type Getter = (name: string) => Cell | undefined;
type Computer = (get: Getter) => Record<string, FeatureValue>;

const compiledViews = new WeakMap<FeatureViewDefinition, Computer>();
const compiledOnDemand = new WeakMap<readonly OnDemandFeatureDefinition[], Computer>();

/** The source columns a view reads: plain features' own columns and derived features' inputs. */
export function viewSourceColumns(view: FeatureViewDefinition): string[] {
  const columns: string[] = [];
  for (const feature of view.features)
    for (const column of feature.expr === undefined ? [feature.name] : compileExpression(feature.expr).columns)
      if (!columns.includes(column)) columns.push(column);
  return columns;
}

/** The view's feature values for one source row. Compiled once per view definition. */
export function computeViewFeatures(view: FeatureViewDefinition, get: Getter): Record<string, FeatureValue> {
  let compute = compiledViews.get(view);
  if (compute === undefined) {
    compute = compile(
      view.features.map((f) => ({ name: f.name, type: f.type, expression: f.expr === undefined ? undefined : compileExpression(f.expr) })),
    );
    compiledViews.set(view, compute);
  }
  return compute(get);
}

/**
 * On-demand features in definition order: each may read request fields and the on-demand features
 * defined before it (and looked-up features, when the getter gives them).
 */
export function computeOnDemandFeatures(definitions: readonly OnDemandFeatureDefinition[], get: Getter): Record<string, FeatureValue> {
  let compute = compiledOnDemand.get(definitions);
  if (compute === undefined) {
    compute = compile(
      definitions.map((d) => ({ name: d.name, type: d.type, expression: compileExpression(d.expr) })),
      true,
    );
    compiledOnDemand.set(definitions, compute);
  }
  return compute(get);
}

function compile(
  features: readonly { name: string; type: FeatureType; expression: CompiledExpression | undefined }[],
  chained = false,
): Computer {
  return (get) => {
    const out: Record<string, FeatureValue> = {};
    const read: Getter = chained ? (name) => (name in out ? out[name] : get(name)) : get;
    for (const feature of features) {
      const raw = feature.expression === undefined ? fromCell(get(feature.name)) : feature.expression.evaluate(read);
      out[feature.name] = castFeatureValue(feature.type, raw);
    }
    return out;
  };
}

export function castFeatureValue(type: FeatureType, value: FeatureValue): FeatureValue {
  if (value === null) return null;
  switch (type) {
    case 'number':
      return typeof value === 'boolean' ? null : asNumber(value);
    case 'integer': {
      const x = typeof value === 'boolean' ? null : asNumber(value);
      return x !== null && Number.isInteger(x) ? x : null;
    }
    case 'boolean':
      return asBoolean(value);
    case 'string':
      return String(value);
  }
}
