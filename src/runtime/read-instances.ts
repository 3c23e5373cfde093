import { IssueCollector, type IssueCode } from '../core/issues.ts';
import type { FeatureSpec } from '../core/signature.ts';
import type { FeatureBatch, FeatureColumn } from './model-runtime.ts';

export type InstanceReader = (instances: readonly unknown[]) => FeatureBatch;

/**
 * Compiles, once per model signature, a reader for JSON request instances (`{"feature": value}`).
 * It is strict where CSV reading is lenient, because a service sends typed JSON: numbers must be
 * JSON numbers, `null` is a missing value, and a feature that is absent altogether is an error
 * (a contract may later mark features optional). Every problem is reported with its path.
 */
export function compileInstanceReader(inputs: readonly FeatureSpec[]): InstanceReader {
  const readers = inputs.map((feature) => ({ name: feature.name, read: cellReader(feature), text: feature.type === 'string' }));
  return (instances) => {
    const rowCount = instances.length;
    const issues = new IssueCollector();
    const columns: FeatureColumn[] = readers.map((r) =>
      r.text ? new Array<string | null>(rowCount).fill(null) : new Float64Array(rowCount),
    );
    for (let row = 0; row < rowCount; row++) {
      const instance = instances[row];
      if (instance === null || typeof instance !== 'object' || Array.isArray(instance)) {
        issues.report('invalid_type', ['instances', row], 'must be an object of feature values');
        continue;
      }
      const record = instance as Record<string, unknown>;
      readers.forEach((reader, index) => {
        if (!Object.prototype.hasOwnProperty.call(record, reader.name)) {
          issues.report('missing', ['instances', row, reader.name], 'is missing (send null for a missing value)');
          return;
        }
        const value = reader.read(record[reader.name], (code, message) => issues.report(code, ['instances', row, reader.name], message));
        (columns[index] as unknown[])[row] = value;
      });
    }
    issues.throwIfAny('invalid_value', 'invalid instances');
    return { rowCount, columns };
  };
}

type Report = (code: IssueCode, message: string) => void;

function cellReader(feature: FeatureSpec): (value: unknown, report: Report) => number | string | null {
  switch (feature.type) {
    case 'string':
      return (value, report) => {
        if (value === null || typeof value === 'string') return value;
        report('invalid_type', `must be a string or null, got ${describe(value)}`);
        return null;
      };
    case 'number':
      return (value, report) => {
        if (value === null) return Number.NaN;
        if (typeof value === 'number' && Number.isFinite(value)) return value;
        report('invalid_type', `must be a finite number or null, got ${describe(value)}`);
        return Number.NaN;
      };
    case 'integer':
      return (value, report) => {
        if (value === null) return Number.NaN;
        if (typeof value === 'number' && Number.isInteger(value)) return value;
        report('invalid_value', `must be a whole number or null, got ${describe(value)}`);
        return Number.NaN;
      };
    case 'category': {
      const codes = new Map((feature.categories ?? []).map((name, code) => [name, code]));
      const names = feature.categories;
      return (value, report) => {
        if (value === null) return Number.NaN;
        if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
        if (typeof value === 'string' && names !== undefined) {
          // An unseen category reads as missing, as in offline scoring (pandas does the same).
          return codes.get(value) ?? Number.NaN;
        }
        report(
          'invalid_value',
          names
            ? `must be one of the model's categories, a category code or null, got ${describe(value)}`
            : `must be a category code (a whole number) or null, got ${describe(value)}`,
        );
        return Number.NaN;
      };
    }
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : String(value);
}
