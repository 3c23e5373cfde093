import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { canonicalJson } from '../core/canonical-json.ts';
import type { Contract, ValidationReport } from '../core/contracts/contract-types.ts';
import type { ModelRecord, ModelVersionRecord } from '../core/registry-records.ts';
import { DatasetStatistics } from '../core/contracts/dataset-statistics.ts';
import { DatasetValidator } from '../core/contracts/dataset-validator.ts';
import { inferContract, type InferOptions } from '../core/contracts/infer-contract.ts';
import { contractFormatOf, parseContract } from '../core/contracts/parse-contract.ts';
import { BallastError } from '../core/errors.ts';
import type { ContractRecord } from '../store/contract-repository.ts';
import type { Repositories } from '../store/store.ts';
import { sha256Hex, type RecordAudit } from './audit.ts';
import type { AppContext } from './context.ts';
import { readTableChunks } from './data-files.ts';
import { resolveModelRef } from './resolve-model.ts';

/** Reads and checks a contract file (JSON, or YAML for any other extension). */
export async function readContractFile(file: string): Promise<Contract> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new BallastError('file_not_found', `${file}: cannot read the contract (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseContract(text, contractFormatOf(file), path.basename(file));
}

/** The contract's identity: the SHA-256 of its canonical JSON, so the same rules are one contract. */
function contractSha256(contract: Contract): string {
  return sha256Hex(canonicalJson(contract));
}

/** Stores a contract inside the caller's transaction (once per content) and returns its record. */
export async function saveContract(
  ctx: AppContext,
  tx: Repositories,
  audit: RecordAudit,
  contract: Contract,
  name: string,
): Promise<ContractRecord> {
  const sha256 = contractSha256(contract);
  const existing = await tx.contracts.findBySha256(sha256);
  if (existing) return existing;
  const record: ContractRecord = { id: ctx.newId(), sha256, name, contract, createdBy: ctx.actor, createdAt: ctx.clock().toISOString() };
  // Stored as written (column order is the author's), identified by the hash of its canonical form.
  await tx.contracts.insert(record, JSON.stringify(contract));
  await audit({ action: 'contract.register', objectType: 'contract', objectId: sha256, details: { name } });
  return record;
}

/**
 * Validates a data file against a contract as it streams past (bounded memory), returning the
 * report. A file that cannot be read as a table (ragged rows, bad encoding) is an error, not a report.
 */
export async function validateDataFile(
  contract: Contract,
  file: string,
  now: Date,
  onBytes?: (done: number, total: number) => void,
): Promise<ValidationReport> {
  const validator = new DatasetValidator(contract, { now });
  // JSON Lines objects are read by the contract's column names, so a key absent from the first
  // object is not mistaken for a missing column (CSV files name their columns in the header).
  const columns = Object.keys(contract.columns);
  for await (const chunk of readTableChunks(file, { chunkRows: 8192, onBytes, columns })) validator.addChunk(chunk);
  return validator.finish();
}

/** The contract linked to a model version, if any. */
export async function contractOfVersion(
  repos: Pick<Repositories, 'contracts'>,
  contractId: string | null,
): Promise<ContractRecord | undefined> {
  return contractId === null ? undefined : repos.contracts.findById(contractId);
}

/** The contract linked to the version a reference names (`contract show`, the contract route). */
export async function contractOfModelRef(
  ctx: Pick<AppContext, 'store'>,
  ref: string,
): Promise<{ model: ModelRecord; version: ModelVersionRecord; contract: ContractRecord }> {
  const { model, version } = await resolveModelRef(ctx.store, ref);
  const contract = await contractOfVersion(ctx.store, version.contractId);
  if (!contract)
    throw new BallastError('contract_not_found', `${model.name}:${version.version} has no contract; register it with --contract FILE`);
  return { model, version, contract };
}

/** Writes a contract from a data file, streaming it once (`ballast contract infer`). */
export async function inferContractFromFile(
  file: string,
  options: InferOptions = {},
  onBytes?: (done: number, total: number) => void,
): Promise<Contract> {
  const stats = new DatasetStatistics();
  for await (const chunk of readTableChunks(file, { chunkRows: 8192, onBytes })) stats.addChunk(chunk);
  if (stats.rows === 0) throw new BallastError('invalid_data', `${path.basename(file)}: no rows to infer a contract from`);
  return inferContract(stats, options);
}
