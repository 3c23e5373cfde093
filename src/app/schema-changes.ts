import { DatasetStatistics } from '../core/contracts/dataset-statistics.ts';
import { diffContracts, type SchemaChange } from '../core/contracts/diff-contracts.ts';
import { inferContract } from '../core/contracts/infer-contract.ts';
import type { Contract } from '../core/contracts/contract-types.ts';
import type { DatasetSnapshotRecord } from '../core/registry-records.ts';
import type { AppContext } from './context.ts';
import { dataFileFormat, readTableChunks, type DataFileFormat } from './data-files.ts';

async function inferFrom(file: string, format: DataFileFormat, label: string | undefined): Promise<Contract> {
  const stats = new DatasetStatistics();
  for await (const chunk of readTableChunks(file, { chunkRows: 8192, format })) stats.addChunk(chunk);
  return inferContract(stats, { label });
}

/**
 * The schema change report at registration: the new training data against the previous version's,
 * both described by inferred contracts — columns added, removed or retyped, ranges and category sets
 * that moved. Empty when there is no previous snapshot or the data is the same.
 */
export async function snapshotSchemaChanges(
  ctx: AppContext,
  previous: DatasetSnapshotRecord | undefined,
  dataFile: string,
  label: string | undefined,
): Promise<SchemaChange[]> {
  if (previous === undefined) return [];
  const before = await inferFrom(ctx.artifacts.pathOf(previous.sha256), dataFileFormat(previous.source), previous.labelColumn ?? undefined);
  const after = await inferFrom(dataFile, dataFileFormat(dataFile), label);
  return diffContracts(before, after);
}
