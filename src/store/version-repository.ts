import type { Kysely, Selectable } from 'kysely';
import type { ValidationReport } from '../core/contracts/contract-types.ts';
import type { ModelVersionRecord } from '../core/registry-records.ts';
import type { ModelFormat, ModelSignature } from '../core/signature.ts';
import type { Database, ModelVersionsTable } from './schema.ts';

type VersionRow = Selectable<ModelVersionsTable> & { model_name: string };

/** Versions are immutable: there is an insert and reads, and no update. */
export class VersionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async nextVersionNumber(modelId: string): Promise<number> {
    const row = await this.db
      .selectFrom('model_versions')
      .select((eb) => eb.fn.max('version').as('latest'))
      .where('model_id', '=', modelId)
      .executeTakeFirst();
    return row?.latest == null ? 1 : Number(row.latest) + 1;
  }

  async insert(version: Omit<ModelVersionRecord, 'modelName'>): Promise<void> {
    await this.db
      .insertInto('model_versions')
      .values({
        id: version.id,
        model_id: version.modelId,
        version: version.version,
        artifact_sha256: version.artifactSha256,
        format: version.format,
        signature: JSON.stringify(version.signature),
        snapshot_id: version.snapshotId,
        contract_id: version.contractId,
        contract_report: version.contractReport ? JSON.stringify(version.contractReport) : null,
        code_ref: version.codeRef,
        parameters: JSON.stringify(version.parameters),
        metrics: JSON.stringify(version.metrics),
        created_by: version.createdBy,
        created_at: version.createdAt,
      })
      .execute();
  }

  async find(modelId: string, version: number): Promise<ModelVersionRecord | undefined> {
    const row = await this.select()
      .where('model_versions.model_id', '=', modelId)
      .where('model_versions.version', '=', version)
      .executeTakeFirst();
    return row && toVersion(row);
  }

  async findById(id: string): Promise<ModelVersionRecord | undefined> {
    const row = await this.select().where('model_versions.id', '=', id).executeTakeFirst();
    return row && toVersion(row);
  }

  async latest(modelId: string): Promise<ModelVersionRecord | undefined> {
    const row = await this.select()
      .where('model_versions.model_id', '=', modelId)
      .orderBy('model_versions.version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toVersion(row);
  }

  async listForModel(modelId: string): Promise<ModelVersionRecord[]> {
    const rows = await this.select().where('model_versions.model_id', '=', modelId).orderBy('model_versions.version').execute();
    return rows.map(toVersion);
  }

  /** Lineage backwards: every version trained on a snapshot, across models. */
  async listBySnapshot(snapshotId: string): Promise<ModelVersionRecord[]> {
    const rows = await this.select()
      .where('model_versions.snapshot_id', '=', snapshotId)
      .orderBy('models.name')
      .orderBy('model_versions.version')
      .execute();
    return rows.map(toVersion);
  }

  private select() {
    return this.db
      .selectFrom('model_versions')
      .innerJoin('models', 'models.id', 'model_versions.model_id')
      .selectAll('model_versions')
      .select('models.name as model_name');
  }
}

function toVersion(row: VersionRow): ModelVersionRecord {
  return {
    id: row.id,
    modelId: row.model_id,
    modelName: row.model_name,
    version: Number(row.version),
    artifactSha256: row.artifact_sha256,
    format: row.format as ModelFormat,
    signature: JSON.parse(row.signature) as ModelSignature,
    snapshotId: row.snapshot_id,
    contractId: row.contract_id,
    contractReport: row.contract_report ? (JSON.parse(row.contract_report) as ValidationReport) : null,
    codeRef: row.code_ref,
    parameters: JSON.parse(row.parameters) as Record<string, unknown>,
    metrics: JSON.parse(row.metrics) as Record<string, number>,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}
