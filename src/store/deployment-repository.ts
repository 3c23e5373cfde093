import type { Kysely } from 'kysely';
import {
  DEFAULT_DEPLOYMENT_CONFIG,
  type DeploymentConfig,
  type DeploymentRecord,
  type DeploymentRevision,
} from '../core/serving-records.ts';
import type { Database } from './schema.ts';

type Row = {
  id: string;
  name: string;
  version_id: string;
  config: string;
  revision: number;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  model_name: string;
  model_version: number;
};

export class DeploymentRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(deployment: Omit<DeploymentRecord, 'modelName' | 'modelVersion'>): Promise<void> {
    await this.db
      .insertInto('deployments')
      .values({
        id: deployment.id,
        name: deployment.name,
        version_id: deployment.versionId,
        config: JSON.stringify(deployment.config),
        revision: deployment.revision,
        created_by: deployment.createdBy,
        created_at: deployment.createdAt,
        updated_by: deployment.updatedBy,
        updated_at: deployment.updatedAt,
      })
      .execute();
    await this.addRevision(
      deployment.id,
      deployment.revision,
      deployment.versionId,
      deployment.config,
      deployment.updatedBy,
      deployment.updatedAt,
    );
  }

  /**
   * Moves a deployment to a new binding only if it is still at `expectedRevision`: a concurrent
   * change makes this return false instead of silently overwriting it.
   */
  async update(
    id: string,
    expectedRevision: number,
    change: { versionId: string; config: DeploymentConfig; actor: string; at: string },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('deployments')
      .set({
        version_id: change.versionId,
        config: JSON.stringify(change.config),
        revision: expectedRevision + 1,
        updated_by: change.actor,
        updated_at: change.at,
      })
      .where('id', '=', id)
      .where('revision', '=', expectedRevision)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await this.addRevision(id, expectedRevision + 1, change.versionId, change.config, change.actor, change.at);
    return true;
  }

  async findByName(name: string): Promise<DeploymentRecord | undefined> {
    const row = await this.select().where('deployments.name', '=', name).executeTakeFirst();
    return row && toDeployment(row);
  }

  async list(): Promise<DeploymentRecord[]> {
    return (await this.select().orderBy('deployments.name').execute()).map(toDeployment);
  }

  async revisions(id: string): Promise<DeploymentRevision[]> {
    const rows = await this.db
      .selectFrom('deployment_revisions')
      .innerJoin('model_versions', 'model_versions.id', 'deployment_revisions.version_id')
      .innerJoin('models', 'models.id', 'model_versions.model_id')
      .select([
        'deployment_revisions.revision',
        'deployment_revisions.version_id',
        'deployment_revisions.config',
        'deployment_revisions.actor',
        'deployment_revisions.at',
        'models.name as model_name',
        'model_versions.version as model_version',
      ])
      .where('deployment_revisions.deployment_id', '=', id)
      .orderBy('deployment_revisions.revision', 'desc')
      .execute();
    return rows.map((row) => ({
      revision: Number(row.revision),
      versionId: row.version_id,
      modelName: row.model_name,
      modelVersion: Number(row.model_version),
      config: storedConfig(row.config),
      actor: row.actor,
      at: row.at,
    }));
  }

  private async addRevision(
    id: string,
    revision: number,
    versionId: string,
    config: DeploymentConfig,
    actor: string,
    at: string,
  ): Promise<void> {
    await this.db
      .insertInto('deployment_revisions')
      .values({ deployment_id: id, revision, version_id: versionId, config: JSON.stringify(config), actor, at })
      .execute();
  }

  private select() {
    return this.db
      .selectFrom('deployments')
      .innerJoin('model_versions', 'model_versions.id', 'deployments.version_id')
      .innerJoin('models', 'models.id', 'model_versions.model_id')
      .selectAll('deployments')
      .select(['models.name as model_name', 'model_versions.version as model_version']);
  }
}

function toDeployment(row: Row): DeploymentRecord {
  return {
    id: row.id,
    name: row.name,
    versionId: row.version_id,
    modelName: row.model_name,
    modelVersion: Number(row.model_version),
    config: storedConfig(row.config),
    revision: Number(row.revision),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

/** A config as stored; fields added since it was written take their defaults (a log sample rate of 1). */
function storedConfig(json: string): DeploymentConfig {
  return { ...DEFAULT_DEPLOYMENT_CONFIG, ...(JSON.parse(json) as Partial<DeploymentConfig>) };
}
