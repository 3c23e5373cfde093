import type { ReferenceColumn } from '../../core/model-tests/suite-types.ts';
import { DatasetProfile, type DatasetProfileState } from '../../core/profiles/dataset-profile.ts';

/**
 * A version's reference per model input, from the training profile monitoring compares live traffic with:
 * a numeric input's standard deviation (population, as the profile keeps it), minimum and maximum; a
 * categorical input's seen values. Inputs the profile lacks (no training data registered) are left out, and
 * checks fall back to the test data itself.
 */
export function referenceColumnsOf(state: DatasetProfileState | undefined, inputs: readonly string[]): Map<string, ReferenceColumn> {
  const reference = new Map<string, ReferenceColumn>();
  if (state === undefined) return reference;
  const profile = DatasetProfile.fromJSON(state);
  for (const name of inputs) {
    const column = profile.column(name);
    if (column === undefined) continue;
    if (column.kind === 'numeric') {
      if (column.count === 0) continue;
      reference.set(name, { kind: 'numeric', std: column.moments.std, min: column.moments.min, max: column.moments.max });
    } else {
      const values = [...column.counts().counts.keys()];
      if (values.length > 0) reference.set(name, { kind: 'categorical', values });
    }
  }
  return reference;
}
