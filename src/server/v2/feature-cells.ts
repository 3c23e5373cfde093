import type { FeatureSpec } from '../../core/signature.ts';
import { isMissing, parseNumber, type Cell } from '../../core/table.ts';
import { describe, type SupportedDatatype } from './v2-datatypes.ts';
import type { V2Element } from './v2-types.ts';

/**
 * Turns tensor elements into the table cells a feature takes, so the decoded rows mean the same
 * whichever batch builder reads them (the lenient CSV one or the strict JSON-instance one):
 * numbers for numeric features, strings for text features, category names or codes, null for
 * a missing value.
 */
export type CellReader = (element: V2Element, report: (message: string) => void) => Cell;

/**
 * Whether a tensor of this datatype can carry the feature at all. BYTES carries anything (a 2-D
 * BYTES tensor is the only way to send text and numbers in one tensor); numbers cannot carry text.
 */
export function datatypeFits(datatype: SupportedDatatype, feature: FeatureSpec): boolean {
  return datatype === 'BYTES' || feature.type !== 'string';
}

/** The datatype a client should use for a feature sent as its own tensor (listed in the metadata). */
export function featureDatatype(feature: FeatureSpec): 'FP64' | 'INT64' | 'BYTES' {
  switch (feature.type) {
    case 'number':
      return 'FP64';
    case 'integer':
      return 'INT64';
    case 'category':
      return feature.categories ? 'BYTES' : 'INT64';
    case 'string':
      return 'BYTES';
  }
}

/** Readers are made once per feature of a loaded signature, not once per request. */
const readers = new WeakMap<FeatureSpec, CellReader>();

export function cellReader(feature: FeatureSpec): CellReader {
  let reader = readers.get(feature);
  if (reader === undefined) {
    reader = makeCellReader(feature);
    readers.set(feature, reader);
  }
  return reader;
}

function makeCellReader(feature: FeatureSpec): CellReader {
  switch (feature.type) {
    case 'string':
      return (element) => (element === null ? null : String(element));
    case 'number':
      return (element, report) => toNumber(element, report);
    case 'integer':
      return (element, report) => {
        const value = toNumber(element, report);
        if (value !== null && !Number.isInteger(value)) {
          report(`${value} is not a whole number (the feature is an integer)`);
          return null;
        }
        return value;
      };
    case 'category': {
      const names = feature.categories;
      const known = new Set(names);
      return (element, report) => {
        // A category name stays a name: it is mapped to its code (an unseen one reads as missing,
        // as in offline scoring and the JSON API) by the batch builder, and logged as sent.
        // Text that is no known name but reads as a number is a code.
        if (typeof element === 'string' && names !== undefined && (known.has(element) || parseNumber(element) === undefined))
          return element;
        const value = toNumber(element, report);
        if (value !== null && !(Number.isInteger(value) && value >= 0)) {
          report(`${value} is not a category code (a whole number of at least 0)${names ? ' or a category name' : ''}`);
          return null;
        }
        return value;
      };
    }
  }
}

/**
 * BYTES elements for numeric features are read as decimal text, strictly; empty text and the
 * usual missing markers ("NA", "nan", …) are missing values, because a JSON client has no other
 * way to send a missing number inside a string tensor.
 */
function toNumber(element: V2Element, report: (message: string) => void): number | null {
  if (element === null) return null;
  if (typeof element === 'number') return element;
  if (typeof element === 'boolean') return element ? 1 : 0;
  if (isMissing(element)) return null;
  const value = parseNumber(element);
  if (value === undefined) {
    report(`${describe(element)} is not a number`);
    return null;
  }
  return value;
}
