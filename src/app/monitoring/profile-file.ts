import { DatasetProfile } from '../../core/profiles/dataset-profile.ts';
import { DEFAULT_BINS, type ProfileSchema } from '../../core/profiles/profile-schema.ts';
import { SchemaProbe } from '../../core/profiles/schema-probe.ts';
import { readTableChunks, type DataFileFormat } from '../data-files.ts';
import { priorityStream } from './priority-stream.ts';

export interface ProfileFileOptions {
  readonly columns?: readonly string[];
  readonly format?: DataFileFormat;
  readonly bins?: number;
  /** Profile on this schema (a reference's) instead of learning one from the file. */
  readonly schema?: ProfileSchema;
  /** Seeds the sample's priorities, for a reproducible profile. */
  readonly seed?: number;
}

/**
 * Profiles a data file in two streaming passes: the first learns each column's kind and quantiles
 * (unless a schema is given), the second fills the profile with histograms on those quantile edges.
 * Memory stays bounded whatever the file's size.
 */
export async function profileFile(file: string, options: ProfileFileOptions = {}): Promise<DatasetProfile> {
  const schema = options.schema ?? (await learnSchema(file, options));
  const profile = new DatasetProfile(schema);
  const names = schema.columns.map((c) => c.name);
  const next = priorityStream(options.seed ?? 1);
  for await (const chunk of readTableChunks(file, {
    chunkRows: 8192,
    format: options.format,
    columns: options.format === 'jsonl' ? names : undefined,
  })) {
    const positions = names.map((name) => chunk.columns.indexOf(name));
    for (const row of chunk.rows) profile.addCells(row.cells, positions, next());
  }
  return profile;
}

async function learnSchema(file: string, options: ProfileFileOptions): Promise<ProfileSchema> {
  let probe: SchemaProbe | undefined;
  let positions: number[] = [];
  for await (const chunk of readTableChunks(file, { chunkRows: 8192, format: options.format })) {
    if (probe === undefined) {
      const names = options.columns ?? chunk.columns;
      probe = new SchemaProbe(names);
      positions = names.map((name) => chunk.columns.indexOf(name));
    }
    for (const row of chunk.rows) probe.addCells(row.cells, positions);
  }
  return (probe ?? new SchemaProbe([])).schema(options.bins ?? DEFAULT_BINS);
}
