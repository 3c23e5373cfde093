import { BallastError, type Issue } from '../core/errors.ts';
import type { FeatureSpec } from '../core/signature.ts';
import type { FeatureBatch, FeatureColumn } from './model-runtime.ts';

const MAX_ISSUES = 50;

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
    const issues: Issue[] = [];
    let issueCount = 0;
    const report = (path: Issue['path'], message: string) => {
      if (issueCount++ < MAX_ISSUES) issues.push({ path, message });
    };
    const columns: FeatureColumn[] = readers.map((r) => (r.text ? new Array<string | null>(rowCount).fill(null) : new Float64Array(rowCount)));
    for (let row = 0; row < rowCount; row++) {
      const instance = instances[row];
      if (instance === null || typeof instance !== 'object' || Array.isArray(instance)) {
        report(['instances', row], 'must be an object of feature values');
        continue;
      }
      const record = instance as Record<string, unknown>;
      readers.forEach((reader, index) => {
        if (!Object.prototype.hasOwnProperty.call(record, reader.name)) {
          report(['instances', row, reader.name], 'is missing (send null for a missing value)');
          return;
        }
        const value = reader.read(record[reader.name], (message) => report(['instances', row, reader.name], message));
        (columns[index] as unknown[])[row] = value;
      });
    }
    if (issueCount > 0) {
      const first = issues[0]!;
      const more = issueCount > 1 ? ` (and ${issueCount - 1} more problem${issueCount > 2 ? 's' : ''})` : '';
      throw new BallastError('invalid_value', `${first.path.join('.')} ${first.message}${more}`, issues);
    }
    return { rowCount, columns };
  };
}

function cellReader(feature: FeatureSpec): (value: unknown, report: (message: string) => void) => number | string | null {
  switch (feature.type) {
    case 'string':
      return (value, report) => {
        if (value === null || typeof value === 'string') return value;
        report(`must be a string or null, got ${describe(value)}`);
        return null;
      };
    case 'number':
      return (value, report) => {
        if (value === null) return Number.NaN;
        if (typeof value === 'number' && Number.isFinite(value)) return value;
        report(`must be a finite number or null, got ${describe(value)}`);
        return Number.NaN;
      };
    case 'integer':
      return (value, report) => {
        if (value === null) return Number.NaN;
        if (typeof value === 'number' && Number.isInteger(value)) return value;
        report(`must be a whole number or null, got ${describe(value)}`);
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
        report(names ? `must be one of the model's categories, a category code or null, got ${describe(value)}` : `must be a category code (a whole number) or null, got ${describe(value)}`);
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
