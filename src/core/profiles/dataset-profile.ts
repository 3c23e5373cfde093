import { canonicalJson } from '../canonical-json.ts';
import { columnProfileFromJSON, emptyColumnProfile, type ColumnProfile, type ColumnProfileState } from './column-profile.ts';
import type { ProfileSchema } from './profile-schema.ts';

export const PROFILE_FORMAT = 'ballast.profile/v1';

export interface DatasetProfileState {
  readonly format: typeof PROFILE_FORMAT;
  readonly rows: number;
  readonly columns: readonly ColumnProfileState[];
}

/**
 * The profile of a dataset or a window: one column profile per schema column and the row count. Two
 * profiles on the same schema merge (windows into hours, replicas into one view); merging profiles of
 * different schemas is refused, since their histograms would not line up.
 */
export class DatasetProfile {
  rows = 0;
  readonly columns: ColumnProfile[];
  private readonly byName: Map<string, ColumnProfile>;

  constructor(readonly schema: ProfileSchema) {
    this.columns = schema.columns.map(emptyColumnProfile);
    this.byName = new Map(this.columns.map((c) => [c.schema.name, c]));
  }

  column(name: string): ColumnProfile | undefined {
    return this.byName.get(name);
  }

  /** One row as a JSON object (a request's instance, a logged prediction); absent keys are missing. */
  addRecord(record: Readonly<Record<string, unknown>>, priority: number): void {
    this.rows++;
    for (const column of this.columns) {
      const name = column.schema.name;
      column.add(Object.prototype.hasOwnProperty.call(record, name) ? record[name] : null, priority);
    }
  }

  /** One row of cells, `positions[i]` being the cell of column i (-1 when the file lacks it). */
  addCells(cells: ArrayLike<unknown>, positions: readonly number[], priority: number): void {
    this.rows++;
    for (let i = 0; i < this.columns.length; i++) {
      const at = positions[i]!;
      this.columns[i]!.add(at >= 0 ? cells[at] : null, priority);
    }
  }

  merge(other: DatasetProfile): this {
    if (canonicalJson(other.schema) !== canonicalJson(this.schema)) throw new RangeError('cannot merge profiles of different schemas');
    this.rows += other.rows;
    for (let i = 0; i < this.columns.length; i++) mergeColumn(this.columns[i]!, other.columns[i]!);
    return this;
  }

  clone(): DatasetProfile {
    return DatasetProfile.fromJSON(this.toJSON());
  }

  toJSON(): DatasetProfileState {
    return { format: PROFILE_FORMAT, rows: this.rows, columns: this.columns.map((c) => c.toJSON()) };
  }

  static fromJSON(state: DatasetProfileState): DatasetProfile {
    if (state?.format !== PROFILE_FORMAT) throw new RangeError(`not a ${PROFILE_FORMAT} document`);
    const profile = new DatasetProfile({ columns: state.columns.map((c) => c.schema) });
    profile.rows = state.rows;
    state.columns.forEach((c, i) => {
      profile.columns[i] = columnProfileFromJSON(c);
    });
    profile.byName.clear();
    for (const c of profile.columns) profile.byName.set(c.schema.name, c);
    return profile;
  }
}

function mergeColumn(into: ColumnProfile, from: ColumnProfile): void {
  if (into.kind === 'numeric' && from.kind === 'numeric') into.merge(from);
  else if (into.kind === 'categorical' && from.kind === 'categorical') into.merge(from);
  else throw new RangeError(`column ${into.schema.name}: cannot merge a ${into.kind} profile with a ${from.kind} one`);
}
